/* Adapter for a Slack workspace export, the folder or its .zip (read in
 * place through ftree.h, one code path for both): users.json (or
 * Enterprise Grid's org_users.json) gives members, channels.json and
 * groups.json name the channel folders, and each <channel>/<YYYY-MM-DD>.json
 * holds that day's messages, which become post, reply, mention and
 * reaction activities. Each JSON file is loaded whole (they are one day of
 * one channel); the export is read file by file. Reference: docs/import.md,
 * section "slack". */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/norm.h"
#include "core/timeparse.h"
#include "ingest/ftree.h"
#include "ingest/jsondoc.h"

/* ================================================================ state */

typedef struct slack_ctx {
    kith_importer *imp;
    kith_ftree *tree;    /* the export: folder or zip archive */
    char display[4608];  /* the file being read, for messages */
    kith_strmap authors; /* "<channel id>:<ts>" -> index into uids */
    char **uids;         /* message authors, for replies without parent_user_id */
    size_t nuids, capuids;
    kith_strmap seen;  /* first_seen written, see kith__jmember */
    kith_strmap users; /* the ids users.json lists (their flags come from it) */
    json_t *apps;      /* integration_logs.json: app or service id -> name */
    char *raw;         /* the current message as JSON, for the reject file */
    uint64_t done, total;
} slack_ctx;

typedef struct slack_chan {
    const char *id;
    char label[300]; /* "slack:#<name>" */
} slack_chan;

/* One message being imported. */
typedef struct slack_msg {
    const char *base; /* JSON path of the message, for errors */
    const char *ts;
    int64_t at;
    const char *uid; /* author's user (or bot) id as written */
    int64_t member;
    char ext[160];    /* "<channel id>:<ts>" */
    char thread[160]; /* "<channel id>:<thread_ts>" or "" */
} slack_msg;

/* Load the export's file rel (messages then name it). */
static kith_code load(slack_ctx *c, const char *rel, json_t **doc)
{
    kith__ftree_display(c->tree, rel, c->display, sizeof c->display);
    c->imp->display = c->display;
    char *data = NULL;
    size_t len = 0;
    kith_code rc = kith__ftree_read(c->tree, rel, &data, &len, c->imp->err);
    if (rc != KITH_OK)
        return rc;
    c->done += len;
    kith__imp_progress(c->imp, c->done, c->total);
    rc = kith__jdoc_load_mem(data, len, c->display, doc, c->imp->err);
    free(data);
    return rc;
}

/* An export without a required file. */
static kith_code missing(slack_ctx *c, const char *rel)
{
    const char *path = kith__ftree_path(c->tree);
    if (!kith__ftree_is_zip(c->tree))
        return kith_error_set_at(c->imp->err, KITH_EINPUT, path, 0,
                                 "not a Slack export folder: %s is missing", rel);
    return kith_error_set_at(c->imp->err, KITH_EINPUT, path, 0,
                             "not a Slack export: %s is missing (neither at the top of "
                             "the archive nor in its one top folder); import the .zip "
                             "that Slack's export gave you",
                             rel);
}

/* A row of the file ended: a rejected row rolled back the members it
 * created, so the first_seen memo may name work that is gone. */
static kith_code end_row(slack_ctx *c, kith_code rc)
{
    int64_t rejected = c->imp->counts.rows_rejected;
    rc = kith__imp_row_end(c->imp, rc);
    if (c->imp->counts.rows_rejected != rejected)
        kith__strmap_clear(&c->seen);
    return rc;
}

/* ================================================================ members */

/* The member behind a Slack user (or bot) id, created with the handle only
 * when users.json does not list it. at < 0: not an act of theirs. */
static kith_code slack_member(slack_ctx *c, const char *base, const char *key,
                              const char *uid, const char *name, unsigned flags,
                              int64_t at, int64_t *id)
{
    kith_member_rec rec;
    memset(&rec, 0, sizeof rec);
    kith_code rc = kith__jadd_handle(c->imp, &rec, base, key, "slack", uid);
    if (rc != KITH_OK)
        return rc;
    rec.kinds = KITH_KIND_ONLINE;
    rec.flags = flags;
    rec.display_name = kith__blank(name) ? NULL : name;
    /* Slackbot is Slack's own account, wherever it is met (older exports
     * leave it out of users.json). */
    if (strcmp(uid, "USLACKBOT") == 0) {
        rec.flags |= KITH_FLAG_BOT;
        rec.display_name = "Slackbot";
    }
    if (at >= 0) {
        rec.first_seen = at;
        rec.has_first_seen = 1;
    }
    return kith__jmember(c->imp, &rec, &c->seen, id);
}

/* The name Slack shows: the display name, else the full name, else the
 * user name. With imp (users.json), a name of another type than a string
 * is left out with a warning; message profiles are read quietly. */
static const char *shown_name(kith_importer *imp, const char *base, json_t *user,
                              json_t *profile)
{
    const char *keys[] = {"display_name", "real_name"};
    char pbase[64];
    snprintf(pbase, sizeof pbase, "%s.profile", base ? base : "");
    for (int i = 0; i < 4; i++) {
        json_t *obj = i < 2 ? profile : user;
        const char *key = i < 2 ? keys[i] : i == 2 ? "real_name" : "name";
        const char *v = NULL;
        if (imp) {
            if (kith__jopt_str(imp, obj, i < 2 ? pbase : base, key, "user", &v) !=
                KITH_OK)
                return NULL;
        } else {
            v = json_string_value(json_object_get(obj, key));
        }
        if (!kith__blank(v))
            return v;
    }
    return NULL;
}

/* One user of users.json. Its id is required; everything else in the
 * profile is optional: a field that cannot be read is left out with a
 * warning and the user is imported without it. */
static kith_code user_row(slack_ctx *c, json_t *u, const char *base)
{
    kith_importer *imp = c->imp;
    if (!json_is_object(u))
        return kith__jbad(imp, base, NULL, "expected a user object");
    const char *id = NULL, *email = NULL, *phone = NULL, *bot_id = NULL;
    json_t *profile = NULL;
    int is_bot = 0, deleted = 0;
    char pbase[64], where[96];
    snprintf(pbase, sizeof pbase, "%s.profile", base);
    kith_code rc = kith__jget_str(imp, u, base, "id", 1, &id);
    if (rc == KITH_OK)
        rc = kith__jopt_bool(imp, u, base, "is_bot", "user", &is_bot);
    if (rc == KITH_OK)
        rc = kith__jopt_bool(imp, u, base, "deleted", "user", &deleted);
    if (rc == KITH_OK)
        rc = kith__jopt_obj(imp, u, base, "profile", "user", &profile);
    if (rc == KITH_OK && profile)
        rc = kith__jopt_str(imp, profile, pbase, "email", "user", &email);
    if (rc == KITH_OK && profile)
        rc = kith__jopt_str(imp, profile, pbase, "phone", "user", &phone);
    if (rc == KITH_OK && profile)
        rc = kith__jopt_str(imp, profile, pbase, "bot_id", "user", &bot_id);
    if (rc != KITH_OK)
        return rc;

    kith_member_rec rec;
    memset(&rec, 0, sizeof rec);
    rc = kith__jadd_handle(imp, &rec, base, "id", "slack", id);
    /* A bot's messages carry its bot id, often without a user id. */
    if (rc == KITH_OK && !kith__blank(bot_id)) {
        char v[KITH_IDENT_VALUE_MAX];
        if (kith__norm_handle(bot_id, v, sizeof v) == 0)
            rc = kith__jadd_handle(imp, &rec, pbase, "bot_id", "slack", bot_id);
        else
            rc = kith__imp_warn(imp, "profile.bot_id",
                                "'%.80s' is not a bot id; imported the user without it",
                                bot_id);
    }
    if (rc != KITH_OK)
        return rc;
    snprintf(where, sizeof where, "%s.email", pbase);
    if (kith__imp_opt_email(imp, &rec, where, email, "user") < 0)
        return KITH_EINPUT;
    /* The phone is free text in Slack profiles. */
    snprintf(where, sizeof where, "%s.phone", pbase);
    if (kith__imp_opt_phone(imp, &rec, where, phone, NULL, "user") < 0)
        return KITH_EINPUT;
    rec.kinds = KITH_KIND_ONLINE;
    /* Slackbot is listed with is_bot false. */
    if (is_bot || strcmp(id, "USLACKBOT") == 0)
        rec.flags |= KITH_FLAG_BOT;
    rec.display_name = shown_name(imp, base, u, profile);
    if (deleted)
        rec.attributes_json = "{\"slack_deleted\":true}";
    int64_t mid = 0;
    rc = kith__imp_member(imp, &rec, 0, &mid);
    if (rc == KITH_OK && kith__strmap_put(&c->users, id, 1) != KITH_OK)
        rc = kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    return rc;
}

static kith_code import_users(slack_ctx *c)
{
    const char *rel = "users.json";
    if (!kith__ftree_has(c->tree, rel) && kith__ftree_has(c->tree, "org_users.json"))
        rel = "org_users.json";
    if (!kith__ftree_has(c->tree, rel))
        return missing(c, "users.json");
    json_t *doc = NULL;
    kith_code rc = load(c, rel, &doc);
    if (rc != KITH_OK)
        return rc;
    if (!json_is_array(doc)) {
        rc = kith__jbad(c->imp, NULL, NULL, "expected an array of users");
        goto done;
    }
    size_t i;
    json_t *u;
    c->imp->unit = 0;
    json_array_foreach (doc, i, u) {
        char base[32];
        snprintf(base, sizeof base, "[%zu]", i);
        rc = kith__imp_row_begin(c->imp, 0);
        if (rc != KITH_OK)
            goto done;
        kith__jraw(c->imp, u, &c->raw);
        rc = end_row(c, user_row(c, u, base));
        if (rc != KITH_OK)
            goto done;
    }
done:
    json_decref(doc);
    return rc;
}

/* ================================================================ messages */

/* Subtypes that are someone saying something: NULL. Everything else
 * (joins, leaves, topic and name changes, pins, edits and deletions as
 * events...) is channel housekeeping, skipped and counted under the label
 * returned. */
static const char *skipped_subtype(const char *subtype)
{
    static const char *const ok[] = {"thread_broadcast", "bot_message",     "file_share",
                                     "me_message",       "reply_broadcast", NULL};
    static const struct {
        const char *subtype, *why;
    } skip[] = {{"channel_join", "joins and leaves"},
                {"channel_leave", "joins and leaves"},
                {"group_join", "joins and leaves"},
                {"group_leave", "joins and leaves"},
                {"channel_topic", "channel changes"},
                {"channel_purpose", "channel changes"},
                {"channel_name", "channel changes"},
                {"channel_archive", "channel changes"},
                {"channel_unarchive", "channel changes"},
                {"group_topic", "channel changes"},
                {"group_purpose", "channel changes"},
                {"group_name", "channel changes"},
                {"group_archive", "channel changes"},
                {"group_unarchive", "channel changes"},
                {"pinned_item", "pins"},
                {"unpinned_item", "pins"},
                {"message_changed", "edits and deletions"},
                {"message_deleted", "edits and deletions"},
                {"message_replied", "edits and deletions"},
                {"tombstone", "edits and deletions"},
                {"file_comment", "file comments"},
                {"file_mention", "file comments"},
                {"bot_add", "app changes"},
                {"bot_remove", "app changes"},
                {"bot_enable", "app changes"},
                {"bot_disable", "app changes"}};
    if (!subtype)
        return NULL;
    for (int i = 0; ok[i]; i++)
        if (strcmp(subtype, ok[i]) == 0)
            return NULL;
    for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
        if (strcmp(subtype, skip[i].subtype) == 0)
            return skip[i].why;
    return "other notices";
}

/* The name of an integration from integration_logs.json, by app id or
 * (older integrations) service id; NULL when it is not there. */
static const char *app_name(const slack_ctx *c, const char *id)
{
    if (!c->apps || kith__blank(id))
        return NULL;
    return json_string_value(json_object_get(c->apps, id));
}

/* integration_logs.json (optional): {"logs": [{app_id, app_type} or
 * {service_id, service_type}, ...]}, the names of the workspace's apps and
 * integrations. Anything else in it is ignored: it only names bots. */
static kith_code load_apps(slack_ctx *c)
{
    const char *rel = "integration_logs.json";
    if (!kith__ftree_has(c->tree, rel))
        return KITH_OK;
    json_t *doc = NULL;
    kith_code rc = load(c, rel, &doc);
    if (rc != KITH_OK)
        return rc;
    c->apps = json_object();
    json_t *logs = json_object_get(doc, "logs");
    size_t i;
    json_t *e;
    json_array_foreach (logs, i, e) {
        const char *keys[][2] = {{"app_id", "app_type"}, {"service_id", "service_type"}};
        for (int k = 0; k < 2; k++) {
            json_t *id = json_object_get(e, keys[k][0]);
            const char *name = json_string_value(json_object_get(e, keys[k][1]));
            char num[32];
            const char *ids = json_string_value(id);
            if (json_is_integer(id)) {
                snprintf(num, sizeof num, "%lld", (long long)json_integer_value(id));
                ids = num;
            }
            if (!kith__blank(ids) && !kith__blank(name) && !json_object_get(c->apps, ids))
                json_object_set_new(c->apps, ids, json_string(name));
        }
    }
    json_decref(doc);
    return KITH_OK;
}

static kith_code remember_author(slack_ctx *c, const char *ext, const char *uid)
{
    if (c->nuids == c->capuids) {
        size_t cap = c->capuids ? c->capuids * 2 : 256;
        char **p = realloc(c->uids, cap * sizeof *p);
        if (!p)
            return kith_error_set(c->imp->err, KITH_ENOMEM, "out of memory");
        c->uids = p;
        c->capuids = cap;
    }
    char *dup = strdup(uid);
    if (!dup || kith__strmap_put(&c->authors, ext, (int64_t)c->nuids) != KITH_OK) {
        free(dup);
        return kith_error_set(c->imp->err, KITH_ENOMEM, "out of memory");
    }
    c->uids[c->nuids++] = dup;
    return KITH_OK;
}

/* The same user id, as identities compare them. */
static int same_user(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

/* One activity of the message: the message itself or one of its
 * mentions or reactions. */
static kith_code emit(slack_ctx *c, const slack_chan *ch, const slack_msg *m,
                      kith_activity_rec *a, int64_t member)
{
    a->member_id = member;
    a->channel = ch->label;
    a->occurred_at = m->at;
    a->thread_id = m->thread[0] ? m->thread : NULL;
    return kith__imp_activity(c->imp, a);
}

/* <@U123> and <@U123|name> in the text: a mention activity per user. */
static kith_code mentions(slack_ctx *c, const slack_chan *ch, const slack_msg *m,
                          const char *text)
{
    kith_strmap done;
    kith__strmap_init(&done);
    kith_code rc = KITH_OK;
    for (const char *p = text; p && (p = strstr(p, "<@")) != NULL;) {
        p += 2;
        size_t n = 0;
        while (n < 64 && ((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z') ||
                          (p[n] >= '0' && p[n] <= '9')))
            n++;
        if (n == 0 || n == 64 || (p[n] != '>' && p[n] != '|'))
            continue;
        char uid[65];
        snprintf(uid, sizeof uid, "%.*s", (int)n, p);
        p += n;
        int64_t dummy;
        if (same_user(uid, m->uid) || kith__strmap_get(&done, uid, &dummy))
            continue;
        if (kith__strmap_put(&done, uid, 1) != KITH_OK) {
            rc = kith_error_set(c->imp->err, KITH_ENOMEM, "out of memory");
            break;
        }
        kith_activity_rec a;
        memset(&a, 0, sizeof a);
        rc = slack_member(c, m->base, "text", uid, NULL, 0, -1, &a.target_member_id);
        if (rc != KITH_OK)
            break;
        char ext[256];
        snprintf(ext, sizeof ext, "%s:mention:%s", m->ext, uid);
        a.type = "mention";
        a.external_id = ext;
        a.parent_external_id = m->ext;
        rc = emit(c, ch, m, &a, m->member);
        if (rc != KITH_OK)
            break;
    }
    kith__strmap_free(&done);
    return rc;
}

/* reactions: [{name, users: [ids], count}]: one reaction activity per
 * listed user, aimed at the message's author. */
static kith_code reactions(slack_ctx *c, const slack_chan *ch, const slack_msg *m,
                           json_t *list)
{
    size_t i, j;
    json_t *r, *u;
    json_array_foreach (list, i, r) {
        char rb[96];
        snprintf(rb, sizeof rb, "%s.reactions[%zu]", m->base, i);
        if (!json_is_object(r))
            return kith__jbad(c->imp, rb, NULL, "expected a reaction object");
        const char *name = NULL;
        json_t *users = NULL;
        kith_code rc = kith__jget_str(c->imp, r, rb, "name", 1, &name);
        if (rc == KITH_OK)
            rc = kith__jget_arr(c->imp, r, rb, "users", 0, &users);
        if (rc != KITH_OK)
            return rc;
        json_array_foreach (users, j, u) {
            char ub[128];
            snprintf(ub, sizeof ub, "%s.users[%zu]", rb, j);
            if (!json_is_string(u))
                return kith__jbad(c->imp, ub, NULL, "expected a user id string");
            const char *uid = json_string_value(u);
            if (same_user(uid, m->uid))
                continue;
            kith_activity_rec a;
            memset(&a, 0, sizeof a);
            int64_t who = 0;
            rc = slack_member(c, ub, NULL, uid, NULL, 0, m->at, &who);
            if (rc != KITH_OK)
                return rc;
            char ext[400];
            snprintf(ext, sizeof ext, "%s:reaction:%s:%s", m->ext, name, uid);
            a.type = "reaction";
            a.subtype = name;
            a.external_id = ext;
            a.parent_external_id = m->ext;
            a.target_member_id = m->member;
            rc = emit(c, ch, m, &a, who);
            if (rc != KITH_OK)
                return rc;
        }
    }
    return KITH_OK;
}

/* The author of the thread's first message: parent_user_id when Slack
 * wrote it, else the author seen earlier in this import, else none. */
static kith_code thread_parent(slack_ctx *c, const slack_msg *m, const char *parent_uid,
                               int64_t *target)
{
    *target = 0;
    const char *uid = parent_uid;
    int64_t idx = 0;
    if (kith__blank(uid) && kith__strmap_get(&c->authors, m->thread, &idx))
        uid = c->uids[idx];
    if (kith__blank(uid))
        return KITH_OK;
    return slack_member(c, m->base, "parent_user_id", uid, NULL, 0, -1, target);
}

static kith_code message_row(slack_ctx *c, const slack_chan *ch, json_t *o,
                             const char *base)
{
    kith_importer *imp = c->imp;
    if (!json_is_object(o))
        return kith__jbad(imp, base, NULL, "expected a message object");
    const char *type = NULL, *subtype = NULL, *user = NULL, *bot_id = NULL;
    const char *text = NULL, *thread_ts = NULL, *parent_uid = NULL, *username = NULL;
    json_t *reacts = NULL, *uprof = NULL, *bprof = NULL;
    slack_msg m;
    memset(&m, 0, sizeof m);
    m.base = base;
    kith_code rc = kith__jget_str(imp, o, base, "type", 0, &type);
    if (rc == KITH_OK)
        rc = kith__jget_str(imp, o, base, "subtype", 0, &subtype);
    if (rc != KITH_OK)
        return rc;
    if (type && strcmp(type, "message") != 0) {
        kith__imp_skip(imp, "other notices");
        return KITH_OK;
    }
    const char *skip = skipped_subtype(subtype);
    if (skip) {
        kith__imp_skip(imp, skip);
        return KITH_OK;
    }
    const char *const skeys[] = {"ts",   "user",      "bot_id",
                                 "text", "thread_ts", "parent_user_id"};
    const char **sval[] = {&m.ts, &user, &bot_id, &text, &thread_ts, &parent_uid};
    for (int k = 0; k < 6 && rc == KITH_OK; k++)
        rc = kith__jget_str(imp, o, base, skeys[k], k == 0, sval[k]);
    if (rc == KITH_OK)
        rc = kith__jopt_str(imp, o, base, "username", "bot's name", &username);
    if (rc == KITH_OK)
        rc = kith__jget_arr(imp, o, base, "reactions", 0, &reacts);
    if (rc == KITH_OK)
        rc =
            kith__jopt_obj(imp, o, base, "user_profile", "message's author name", &uprof);
    if (rc == KITH_OK)
        rc = kith__jopt_obj(imp, o, base, "bot_profile", "bot's name", &bprof);
    if (rc != KITH_OK)
        return rc;
    const char *why = NULL;
    if (kith__time_parse(m.ts, NULL, &m.at, &why) != KITH_OK ||
        strspn(m.ts, "0123456789.") != strlen(m.ts))
        return kith__jbad(imp, base, "ts", "'%.40s' is not a Slack timestamp", m.ts);
    if (thread_ts && kith__time_parse(thread_ts, NULL, &(int64_t){0}, &why) != KITH_OK)
        return kith__jbad(imp, base, "thread_ts", "'%.40s' is not a Slack timestamp",
                          thread_ts);

    /* The author: a user, or for an integration's messages its bot id. A
     * user that users.json lists is what it says there; one it does not
     * list, writing with a bot id or as a bot_message, is an app's bot. */
    int64_t dummy = 0;
    m.uid = !kith__blank(user) ? user : bot_id;
    if (kith__blank(m.uid))
        return kith__jbad(imp, base, "user", "a message needs a user or a bot_id");
    int listed = m.uid == user && kith__strmap_get(&c->users, user, &dummy);
    int bot = !listed && ((subtype && strcmp(subtype, "bot_message") == 0) ||
                          !kith__blank(bot_id) || bprof);
    const char *name = NULL;
    if (bot) {
        /* Named from the export: the bot's profile, the workspace's
         * integration log, the name the message was posted under. */
        const char *app = json_string_value(json_object_get(o, "app_id"));
        if (bprof) {
            name = json_string_value(json_object_get(bprof, "name"));
            if (kith__blank(app))
                app = json_string_value(json_object_get(bprof, "app_id"));
        }
        if (kith__blank(name))
            name = app_name(c, app);
        if (kith__blank(name))
            name = username;
    } else {
        name = shown_name(NULL, NULL, uprof, uprof);
    }
    rc = slack_member(c, base, m.uid == user ? "user" : "bot_id", m.uid, name,
                      bot ? KITH_FLAG_BOT : 0, m.at, &m.member);
    if (rc != KITH_OK)
        return rc;

    kith_activity_rec a;
    memset(&a, 0, sizeof a);
    snprintf(m.ext, sizeof m.ext, "%s:%s", ch->id, m.ts);
    if (thread_ts)
        snprintf(m.thread, sizeof m.thread, "%s:%s", ch->id, thread_ts);
    a.type = "post";
    if (thread_ts && strcmp(thread_ts, m.ts) != 0) {
        a.type = "reply";
        a.parent_external_id = m.thread;
        rc = thread_parent(c, &m, parent_uid, &a.target_member_id);
        if (rc != KITH_OK)
            return rc;
    }
    a.subtype = subtype;
    a.text = kith__blank(text) ? NULL : text;
    a.external_id = m.ext;
    rc = emit(c, ch, &m, &a, m.member);
    if (rc == KITH_OK)
        rc = remember_author(c, m.ext, m.uid);
    if (rc == KITH_OK)
        rc = mentions(c, ch, &m, text);
    if (rc == KITH_OK && reacts)
        rc = reactions(c, ch, &m, reacts);
    return rc;
}

/* ================================================================ channels */

/* Day files are named YYYY-MM-DD.json; anything else in a channel folder
 * is not messages. */
static int day_file(const char *n)
{
    if (strlen(n) != 15 || strcmp(n + 10, ".json") != 0)
        return 0;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? n[i] != '-' : (n[i] < '0' || n[i] > '9'))
            return 0;
    return 1;
}

static kith_code import_day(slack_ctx *c, const slack_chan *ch, const char *rel)
{
    json_t *doc = NULL;
    kith_code rc = load(c, rel, &doc);
    if (rc != KITH_OK)
        return rc;
    if (!json_is_array(doc)) {
        rc = kith__jbad(c->imp, NULL, NULL, "expected an array of messages");
        goto done;
    }
    size_t i;
    json_t *o;
    json_array_foreach (doc, i, o) {
        char base[32];
        snprintf(base, sizeof base, "[%zu]", i);
        rc = kith__imp_row_begin(c->imp, 0);
        if (rc != KITH_OK)
            goto done;
        kith__jraw(c->imp, o, &c->raw);
        rc = end_row(c, message_row(c, ch, o, base));
        if (rc != KITH_OK)
            goto done;
    }
done:
    json_decref(doc);
    return rc;
}

/* Every day file of one channel's folder, oldest first (the names sort by
 * date), so that replies come after the messages they answer. Slack writes
 * no folder for a channel without messages: then there are none. */
static kith_code import_channel(slack_ctx *c, const slack_chan *ch, const char *name)
{
    char **days = NULL;
    size_t n = 0;
    kith_code rc = kith__ftree_list(c->tree, name, day_file, &days, &n, c->imp->err);
    for (size_t i = 0; i < n && rc == KITH_OK; i++) {
        char rel[600];
        snprintf(rel, sizeof rel, "%s/%s", name, days[i]);
        rc = import_day(c, ch, rel);
    }
    kith__ftree_names_free(days, n);
    return rc;
}

static kith_code channel_entry(slack_ctx *c, json_t *o, const char *base, slack_chan *ch,
                               const char **name)
{
    if (!json_is_object(o))
        return kith__jbad(c->imp, base, NULL, "expected a channel object");
    kith_code rc = kith__jget_str(c->imp, o, base, "id", 1, &ch->id);
    if (rc == KITH_OK)
        rc = kith__jget_str(c->imp, o, base, "name", 1, name);
    if (rc != KITH_OK)
        return rc;
    /* The name is a folder name: nothing that could leave the export. */
    if (!**name || strchr(*name, '/') || strcmp(*name, ".") == 0 ||
        strcmp(*name, "..") == 0 || strlen(*name) > 250)
        return kith__jbad(c->imp, base, "name", "'%.80s' is not a channel name", *name);
    if (kith__blank(ch->id) || strlen(ch->id) > 64)
        return kith__jbad(c->imp, base, "id", "'%.80s' is not a channel id", ch->id);
    snprintf(ch->label, sizeof ch->label, "slack:#%s", *name);
    return KITH_OK;
}

/* channels.json (public) or groups.json (private channels). Direct
 * messages (dms.json, mpims.json) are private conversations, not
 * community, and are left out. */
static kith_code import_channels(slack_ctx *c, const char *rel, int required)
{
    if (!kith__ftree_has(c->tree, rel))
        return required ? missing(c, rel) : KITH_OK;
    char path[4608];
    kith__ftree_display(c->tree, rel, path, sizeof path);
    json_t *doc = NULL;
    kith_code rc = load(c, rel, &doc);
    if (rc != KITH_OK)
        return rc;
    if (!json_is_array(doc)) {
        rc = kith__jbad(c->imp, NULL, NULL, "expected an array of channels");
        goto done;
    }
    size_t i;
    json_t *o;
    json_array_foreach (doc, i, o) {
        char base[32];
        snprintf(base, sizeof base, "[%zu]", i);
        slack_chan ch;
        const char *name = NULL;
        memset(&ch, 0, sizeof ch);
        snprintf(c->display, sizeof c->display, "%s", path);
        c->imp->display = c->display;
        rc = channel_entry(c, o, base, &ch, &name);
        if (rc == KITH_OK)
            rc = import_channel(c, &ch, name);
        if (rc != KITH_OK)
            goto done;
    }
done:
    json_decref(doc);
    return rc;
}

/* ================================================================ entry */

/* The files that say where an export's top is, in a zip archive. */
static const char *const markers[] = {"users.json", "org_users.json", "channels.json",
                                      NULL};

kith_code kith__adapt_slack(kith_importer *imp, const char *path)
{
    kith_ftree *tree = NULL;
    kith_code rc =
        kith__ftree_open(path, "a Slack export (users.json, channels.json, ...)", markers,
                         &tree, imp->err);
    if (rc != KITH_OK)
        return rc;
    slack_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        kith__ftree_close(tree);
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    }
    const char *display = imp->display;
    c->imp = imp;
    c->tree = tree;
    kith__strmap_init(&c->authors);
    kith__strmap_init(&c->seen);
    kith__strmap_init(&c->users);
    c->total = kith__ftree_bytes(tree);
    kith__imp_units(imp, "users", "messages", "activities");

    rc = load_apps(c);
    if (rc == KITH_OK)
        rc = import_users(c);
    imp->unit = 1;
    if (rc == KITH_OK)
        rc = import_channels(c, "channels.json", 1);
    if (rc == KITH_OK)
        rc = import_channels(c, "groups.json", 0);

    imp->display = display;
    imp->raw_text = NULL;
    for (size_t i = 0; i < c->nuids; i++)
        free(c->uids[i]);
    free(c->uids);
    free(c->raw);
    kith__strmap_free(&c->authors);
    kith__strmap_free(&c->seen);
    kith__strmap_free(&c->users);
    json_decref(c->apps);
    kith__ftree_close(c->tree);
    free(c);
    return rc;
}
