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
    kith_strmap seen; /* first_seen written, see kith__jmember */
    char *raw;        /* the current message as JSON, for the reject file */
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
    if (at >= 0) {
        rec.first_seen = at;
        rec.has_first_seen = 1;
    }
    return kith__jmember(c->imp, &rec, &c->seen, id);
}

/* The name Slack shows: the display name, else the full name, else the
 * user name. */
static const char *shown_name(json_t *user, json_t *profile)
{
    const char *keys[] = {"display_name", "real_name"};
    for (int i = 0; i < 2; i++) {
        const char *v = json_string_value(json_object_get(profile, keys[i]));
        if (!kith__blank(v))
            return v;
    }
    const char *v = json_string_value(json_object_get(user, "real_name"));
    if (!kith__blank(v))
        return v;
    return json_string_value(json_object_get(user, "name"));
}

static kith_code user_row(slack_ctx *c, json_t *u, const char *base)
{
    kith_importer *imp = c->imp;
    if (!json_is_object(u))
        return kith__jbad(imp, base, NULL, "expected a user object");
    const char *id = NULL, *email = NULL, *phone = NULL, *bot_id = NULL;
    json_t *profile = NULL;
    int is_bot = 0, deleted = 0;
    char pbase[64];
    snprintf(pbase, sizeof pbase, "%s.profile", base);
    kith_code rc = kith__jget_str(imp, u, base, "id", 1, &id);
    if (rc == KITH_OK)
        rc = kith__jget_bool(imp, u, base, "is_bot", &is_bot);
    if (rc == KITH_OK)
        rc = kith__jget_bool(imp, u, base, "deleted", &deleted);
    if (rc == KITH_OK)
        rc = kith__jget_obj(imp, u, base, "profile", 0, &profile);
    if (rc == KITH_OK && profile)
        rc = kith__jget_str(imp, profile, pbase, "email", 0, &email);
    if (rc == KITH_OK && profile)
        rc = kith__jget_str(imp, profile, pbase, "phone", 0, &phone);
    if (rc == KITH_OK && profile)
        rc = kith__jget_str(imp, profile, pbase, "bot_id", 0, &bot_id);
    if (rc != KITH_OK)
        return rc;

    kith_member_rec rec;
    memset(&rec, 0, sizeof rec);
    rc = kith__jadd_handle(imp, &rec, base, "id", "slack", id);
    /* A bot's messages carry its bot id, often without a user id. */
    if (rc == KITH_OK && !kith__blank(bot_id))
        rc = kith__jadd_handle(imp, &rec, pbase, "bot_id", "slack", bot_id);
    if (rc != KITH_OK)
        return rc;
    char norm[KITH_IDENT_VALUE_MAX];
    if (!kith__blank(email)) {
        if (kith__norm_email(email, norm, sizeof norm) != 0)
            return kith__jbad(imp, pbase, "email", "'%.80s' is not an email address",
                              email);
        if (kith__imp_add_email(imp, &rec, "profile.email", norm) < 0)
            return KITH_EINPUT;
    }
    /* The phone is free text in Slack profiles: used to merge only when it
     * reads as a number, never a reason to refuse the export. */
    if (!kith__blank(phone) &&
        kith__norm_phone(phone, imp->orginfo.phone_country_code, norm, sizeof norm) ==
            0 &&
        kith__imp_add_phone(imp, &rec, "profile.phone", phone) < 0)
        return KITH_EINPUT;
    rec.kinds = KITH_KIND_ONLINE;
    /* Slackbot is listed with is_bot false. */
    if (is_bot || strcmp(id, "USLACKBOT") == 0)
        rec.flags |= KITH_FLAG_BOT;
    rec.display_name = shown_name(u, profile);
    if (deleted)
        rec.attributes_json = "{\"slack_deleted\":true}";
    int64_t before = imp->counts.members_created, mid = 0;
    rc = kith__imp_member(imp, &rec, 0, &mid);
    if (rc != KITH_OK)
        return rc;
    if (imp->counts.members_created > before)
        imp->counts.rows_imported++;
    else
        imp->counts.rows_duplicate++;
    return KITH_OK;
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

/* Subtypes that are someone saying something. Everything else (joins,
 * leaves, topic and name changes, pins, edits and deletions as events...)
 * is channel housekeeping and skipped. */
static int imported_subtype(const char *subtype)
{
    static const char *const ok[] = {"thread_broadcast", "bot_message",     "file_share",
                                     "me_message",       "reply_broadcast", NULL};
    if (!subtype)
        return 1;
    for (int i = 0; ok[i]; i++)
        if (strcmp(subtype, ok[i]) == 0)
            return 1;
    return 0;
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
    json_t *reacts = NULL, *uprof = NULL;
    slack_msg m;
    memset(&m, 0, sizeof m);
    m.base = base;
    kith_code rc = kith__jget_str(imp, o, base, "type", 0, &type);
    if (rc == KITH_OK)
        rc = kith__jget_str(imp, o, base, "subtype", 0, &subtype);
    if (rc != KITH_OK)
        return rc;
    if ((type && strcmp(type, "message") != 0) || !imported_subtype(subtype))
        return KITH_OK;
    const char *const skeys[] = {"ts",        "user",           "bot_id",  "text",
                                 "thread_ts", "parent_user_id", "username"};
    const char **sval[] = {&m.ts,      &user,       &bot_id,  &text,
                           &thread_ts, &parent_uid, &username};
    for (int k = 0; k < 7 && rc == KITH_OK; k++)
        rc = kith__jget_str(imp, o, base, skeys[k], k == 0, sval[k]);
    if (rc == KITH_OK)
        rc = kith__jget_arr(imp, o, base, "reactions", 0, &reacts);
    if (rc == KITH_OK)
        rc = kith__jget_obj(imp, o, base, "user_profile", 0, &uprof);
    if (rc != KITH_OK)
        return rc;
    const char *why = NULL;
    if (kith__time_parse(m.ts, NULL, &m.at, &why) != KITH_OK ||
        strspn(m.ts, "0123456789.") != strlen(m.ts))
        return kith__jbad(imp, base, "ts", "'%.40s' is not a Slack timestamp", m.ts);
    if (thread_ts && kith__time_parse(thread_ts, NULL, &(int64_t){0}, &why) != KITH_OK)
        return kith__jbad(imp, base, "thread_ts", "'%.40s' is not a Slack timestamp",
                          thread_ts);

    /* The author: a user, or for bot messages a bot id. */
    int bot = (subtype && strcmp(subtype, "bot_message") == 0) || (!user && bot_id);
    m.uid = !kith__blank(user) ? user : bot_id;
    if (kith__blank(m.uid))
        return kith__jbad(imp, base, "user", "a message needs a user or a bot_id");
    const char *name = bot ? username : shown_name(uprof, uprof);
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
    c->total = kith__ftree_bytes(tree);

    rc = import_users(c);
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
    kith__ftree_close(c->tree);
    free(c);
    return rc;
}
