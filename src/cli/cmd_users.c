/* kith users (add, list, remove, passwd) and kith tokens (create, list,
 * revoke): the accounts of kith serve (include/kith/auth.h). Every change
 * is written to the audit log as done by "cli:<login name>". */
#include <getopt.h>
#include <pwd.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

static void users_help(FILE *f)
{
    fprintf(f,
            "usage: kith users add EMAIL --role owner|manager|viewer --password-stdin\n"
            "       kith users list [--all] [--format table|json]\n"
            "       kith users remove EMAIL|ID\n"
            "       kith users passwd EMAIL|ID --password-stdin\n"
            "\n"
            "The people who may log in to 'kith serve', each in one organisation\n"
            "(--org NAME, or the only one). Roles: owner (everything, users and\n"
            "tokens), manager (also imports, merges, config), viewer (reads only;\n"
            "email addresses and phone numbers are hidden). The password is read\n"
            "from the first line of standard input, never from the command line:\n"
            "  printf '%%s\\n' \"$PASSWORD\" | kith users add ann@shop.example \\\n"
            "      --role owner --password-stdin\n");
}

static void tokens_help(FILE *f)
{
    fprintf(f, "usage: kith tokens create EMAIL|ID [--name LABEL]\n"
               "       kith tokens list [--all] [--format table|json]\n"
               "       kith tokens revoke ID\n"
               "\n"
               "Bearer tokens for scripts ('Authorization: Bearer TOKEN'), acting as\n"
               "their user with the user's role. 'create' prints the token once: only\n"
               "its hash is kept, so store it then.\n");
}

/* "cli:<login>" for the audit log. */
static void actor(char *out, size_t n)
{
    const char *who = getenv("USER");
    if (!who || !*who)
        who = getenv("LOGNAME");
    if (!who || !*who) {
        const struct passwd *pw = getpwuid(geteuid());
        who = pw ? pw->pw_name : NULL;
    }
    snprintf(out, n, "cli:%s", who && *who ? who : "unknown");
}

static void audit(kith_store *st, int64_t org, const char *action, const char *target,
                  const char *detail)
{
    char who[128];
    actor(who, sizeof who);
    kith_audit_event e;
    memset(&e, 0, sizeof e);
    e.org_id = org;
    e.actor = who;
    e.action = action;
    e.target = target;
    e.detail = detail;
    e.address = "local";
    kith_error err;
    kith_error_clear(&err);
    if (kith_audit_add(st, &e, &err) != KITH_OK)
        fprintf(stderr, "kith: warning: not written to the audit log: %s\n", err.msg);
}

/* The first line of standard input, without its line end. 0 or 1 (printed). */
static int read_password(const char *cmd, char *out, size_t n)
{
    if (!fgets(out, (int)n, stdin))
        return cli_usage(cmd, "no password on standard input");
    size_t len = strcspn(out, "\r\n");
    if (len == n - 1 && out[len] == '\0')
        return cli_usage(cmd, "the password line is too long");
    out[len] = '\0';
    return 0;
}

static const char *date_of(int64_t t, char *buf, size_t n)
{
    if (t <= 0)
        return "-";
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

/* --all and --format for list; the rest stays in argv. */
static int list_opts(cli_global *g, const char *cmd, int *argc, char **argv, int *all)
{
    if (cli_take_format(g, argc, argv))
        return 1;
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (!strcmp(argv[i], "--all"))
            *all = 1;
        else
            argv[out++] = argv[i];
    }
    *argc = out;
    if (*argc > 2)
        return cli_usage(cmd, "unexpected argument '%s'", argv[2]);
    if (g->format && strcmp(g->format, "json") && strcmp(g->format, "table"))
        return cli_usage(cmd, "--format '%s': use table or json", g->format);
    return 0;
}

/* ------------------------------------------------------------ users */

static int print_user(void *ud, const kith_user *u)
{
    char a[32], b[32];
    (void)ud;
    printf("%6" PRId64 "  %-32.32s %-8s %5" PRId64 "  %-16s  %s\n", u->id, u->email,
           kith_role_name(u->role), u->org_id, date_of(u->created_at, a, sizeof a),
           date_of(u->last_login_at, b, sizeof b));
    return 0;
}

static int users_add(cli_global *g, int argc, char **argv)
{
    const char *role = NULL;
    int from_stdin = 0;
    static const struct option opts[] = {{"role", required_argument, 0, 'r'},
                                         {"password-stdin", no_argument, 0, 'p'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'r')
            role = optarg;
        else if (c == 'p')
            from_stdin = 1;
        else if (c == 'h') {
            users_help(stdout);
            return 0;
        } else
            return 1;
    }
    if (argc - optind != 1)
        return cli_usage("users add", "give one EMAIL");
    if (!role || kith_role_parse(role) == KITH_ROLE_NONE)
        return cli_usage("users add", "--role must be owner, manager or viewer");
    if (!from_stdin)
        return cli_usage("users add", "give --password-stdin and the password on "
                                      "standard input");
    char pw[1100];
    int rc = read_password("users add", pw, sizeof pw);
    kith_store *st = NULL;
    kith_org org;
    if (!rc)
        rc = cli_open(g, 0, &st, &org);
    if (rc) {
        memset(pw, 0, sizeof pw);
        return rc;
    }
    kith_error err;
    kith_error_clear(&err);
    int64_t id = 0;
    kith_code kc =
        kith_user_add(st, org.id, argv[optind], kith_role_parse(role), pw, &id, &err);
    memset(pw, 0, sizeof pw);
    if (kc != KITH_OK) {
        rc = cli_fail(&err);
    } else {
        kith_user u;
        char key[32];
        snprintf(key, sizeof key, "%" PRId64, id);
        if (kith_user_find(st, org.id, key, &u, &err) == KITH_OK) {
            audit(st, org.id, "user_add", u.email, kith_role_name(u.role));
            printf("added %s (%s) to %s as user %" PRId64 "\n", u.email,
                   kith_role_name(u.role), org.name, id);
        }
    }
    kith_store_close(st);
    return rc;
}

static int users_list(cli_global *g, int argc, char **argv)
{
    int all = 0;
    int rc = list_opts(g, "users list", &argc, argv, &all);
    if (rc)
        return rc;
    kith_store *st = NULL;
    kith_org org;
    memset(&org, 0, sizeof org);
    if ((rc = cli_open(g, 0, &st, all ? NULL : &org)) != 0)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (g->format && !strcmp(g->format, "json")) {
        char *text = NULL;
        rc = cli_print_json(kith_users_json(st, org.id, &text, &err), &text, &err);
    } else {
        printf("%6s  %-32s %-8s %5s  %-16s  %s\n", "id", "email", "role", "org",
               "created (UTC)", "last login");
        if (kith_users_list(st, org.id, print_user, NULL, &err) != KITH_OK)
            rc = cli_fail(&err);
    }
    kith_store_close(st);
    return rc;
}

/* remove and passwd: the user of the org named by argv[1]. */
static int users_change(cli_global *g, int argc, char **argv, int passwd)
{
    const char *cmd = passwd ? "users passwd" : "users remove";
    int from_stdin = 0, out = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            users_help(stdout);
            return 0;
        }
        if (passwd && !strcmp(argv[i], "--password-stdin"))
            from_stdin = 1;
        else
            argv[out++] = argv[i];
    }
    if (out != 2)
        return cli_usage(cmd, "give one user (email or id)");
    if (passwd && !from_stdin)
        return cli_usage(cmd, "give --password-stdin and the password on standard input");
    char pw[1100] = "";
    int rc = passwd ? read_password(cmd, pw, sizeof pw) : 0;
    kith_store *st = NULL;
    kith_org org;
    if (!rc)
        rc = cli_open(g, 0, &st, &org);
    if (rc) {
        memset(pw, 0, sizeof pw);
        return rc;
    }
    kith_error err;
    kith_error_clear(&err);
    kith_user u;
    kith_code kc = kith_user_find(st, org.id, argv[1], &u, &err);
    if (kc == KITH_OK)
        kc = passwd ? kith_user_passwd(st, org.id, u.id, pw, &err)
                    : kith_user_remove(st, org.id, u.id, &err);
    memset(pw, 0, sizeof pw);
    if (kc != KITH_OK) {
        rc = cli_fail(&err);
    } else {
        audit(st, org.id, passwd ? "user_passwd" : "user_remove", u.email, NULL);
        printf(passwd ? "new password for %s; their sessions ended\n"
                      : "removed %s, with their tokens and sessions\n",
               u.email);
    }
    kith_store_close(st);
    return rc;
}

int cmd_users(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        users_help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    if (!strcmp(argv[1], "add"))
        return users_add(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "list"))
        return users_list(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "remove"))
        return users_change(g, argc - 1, argv + 1, 0);
    if (!strcmp(argv[1], "passwd"))
        return users_change(g, argc - 1, argv + 1, 1);
    return cli_usage("users", "unknown subcommand '%s' (add, list, remove, passwd)",
                     argv[1]);
}

/* ------------------------------------------------------------ tokens */

static int print_token(void *ud, const kith_token_info *t)
{
    char a[32], b[32];
    (void)ud;
    printf("%6" PRId64 "  %-10s %-24.24s %-28.28s %-16s  %s\n", t->id, t->prefix, t->name,
           t->user_email, date_of(t->created_at, a, sizeof a),
           t->revoked_at ? date_of(t->revoked_at, b, sizeof b) : "in force");
    return 0;
}

static int tokens_create(cli_global *g, int argc, char **argv)
{
    const char *name = NULL;
    static const struct option opts[] = {
        {"name", required_argument, 0, 'n'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'n')
            name = optarg;
        else if (c == 'h') {
            tokens_help(stdout);
            return 0;
        } else
            return 1;
    }
    if (argc - optind != 1)
        return cli_usage("tokens create", "give one user (email or id)");
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    kith_user u;
    char token[KITH_SECRET_LEN];
    int64_t id = 0;
    kith_code kc = kith_user_find(st, org.id, argv[optind], &u, &err);
    if (kc == KITH_OK)
        kc = kith_token_create(st, org.id, u.id, name, token, &id, &err);
    if (kc != KITH_OK) {
        rc = cli_fail(&err);
    } else {
        char detail[160];
        snprintf(detail, sizeof detail, "token %" PRId64 "%s%.100s", id, name ? ": " : "",
                 name ? name : "");
        audit(st, org.id, "token_create", u.email, detail);
        printf("%s\n", token);
        fprintf(stderr,
                "kith: token %" PRId64 " for %s (%s); it is shown only now, keep it\n",
                id, u.email, kith_role_name(u.role));
        memset(token, 0, sizeof token);
    }
    kith_store_close(st);
    return rc;
}

static int tokens_list(cli_global *g, int argc, char **argv)
{
    int all = 0;
    int rc = list_opts(g, "tokens list", &argc, argv, &all);
    if (rc)
        return rc;
    kith_store *st = NULL;
    kith_org org;
    memset(&org, 0, sizeof org);
    if ((rc = cli_open(g, 0, &st, all ? NULL : &org)) != 0)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (g->format && !strcmp(g->format, "json")) {
        char *text = NULL;
        rc = cli_print_json(kith_tokens_json(st, org.id, &text, &err), &text, &err);
    } else {
        printf("%6s  %-10s %-24s %-28s %-16s  %s\n", "id", "starts", "name", "user",
               "created (UTC)", "revoked");
        if (kith_tokens_list(st, org.id, print_token, NULL, &err) != KITH_OK)
            rc = cli_fail(&err);
    }
    kith_store_close(st);
    return rc;
}

static int tokens_revoke(cli_global *g, int argc, char **argv)
{
    int64_t id = 0;
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        tokens_help(stdout);
        return 0;
    }
    if (argc != 2 || cli_parse_i64(argv[1], &id))
        return cli_usage("tokens revoke", "give one token id (see 'kith tokens list')");
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (kith_token_revoke(st, org.id, id, &err) != KITH_OK) {
        rc = cli_fail(&err);
    } else {
        char target[32];
        snprintf(target, sizeof target, "token %" PRId64, id);
        audit(st, org.id, "token_revoke", target, NULL);
        printf("revoked token %" PRId64 "\n", id);
    }
    kith_store_close(st);
    return rc;
}

int cmd_tokens(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        tokens_help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    if (!strcmp(argv[1], "create"))
        return tokens_create(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "list"))
        return tokens_list(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "revoke"))
        return tokens_revoke(g, argc - 1, argv + 1);
    return cli_usage("tokens", "unknown subcommand '%s' (create, list, revoke)", argv[1]);
}
