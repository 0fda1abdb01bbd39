/* Adapter for a DiscordChatExporter JSON file (one channel or thread):
 * message authors become members (handle:discord = user id), messages
 * become post and reply activities, plus mention and reaction activities.
 * The file is read message by message (kith_jstream): memory stays flat
 * whatever the size of the export. Reference: docs/import.md, section
 * "discord". */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/norm.h"
#include "core/timeparse.h"
#include "ingest/jsondoc.h"

typedef struct discord_ctx {
    kith_importer *imp;
    json_t *channel;    /* the export's "channel" object */
    json_t *guild;      /* and its "guild", when it came before "messages" */
    kith_strmap seen;   /* first_seen written, see kith__jmember */
    char label[300];    /* "discord:#<name>" */
    const char *thread; /* the thread's channel id when the file is a thread */
    char *raw;
} discord_ctx;

/* One message being imported. */
typedef struct discord_msg {
    const char *base;
    const char *id;
    int64_t at;
    const char *uid; /* author id */
    int64_t member;
    int64_t to_member; /* author of the message replied to, or 0 */
} discord_msg;

/* ================================================================ members */

/* Discord's own account ("Discord", the author of system messages). */
#define DISCORD_SYSTEM_ID "643945264868098049"

/* 1 when a user object is a deleted account: Discord renames those
 * "Deleted User" (with a discriminator) or, since its new user names,
 * "deleted_user_" and a hex number. */
static int deleted_user(const char *name)
{
    if (!name)
        return 0;
    if (strncmp(name, "Deleted User", 12) == 0)
        return 1;
    if (strncmp(name, "deleted_user_", 13) != 0 || !name[13])
        return 0;
    return strspn(name + 13, "0123456789abcdef") == strlen(name + 13);
}

/* A user object (author, mention, reaction user): {id, name, nickname,
 * isBot}. The id is required; the names and isBot are optional (left out
 * with a warning when they cannot be read). at < 0: not an act of
 * theirs. *uid gets the id (borrowed). */
static kith_code user_member(discord_ctx *c, json_t *u, const char *base, int64_t at,
                             int64_t *id, const char **uid)
{
    kith_importer *imp = c->imp;
    if (!json_is_object(u))
        return kith__jbad(imp, base, NULL, "expected a user object");
    const char *name = NULL, *nick = NULL;
    int bot = 0;
    kith_code rc = kith__jget_str(imp, u, base, "id", 1, uid);
    if (rc == KITH_OK)
        rc = kith__jopt_str(imp, u, base, "name", "user", &name);
    if (rc == KITH_OK)
        rc = kith__jopt_str(imp, u, base, "nickname", "user", &nick);
    if (rc == KITH_OK)
        rc = kith__jopt_bool(imp, u, base, "isBot", "user", &bot);
    if (rc != KITH_OK)
        return rc;
    kith_member_rec rec;
    memset(&rec, 0, sizeof rec);
    rc = kith__jadd_handle(imp, &rec, base, "id", "discord", *uid);
    if (rc != KITH_OK)
        return rc;
    rec.kinds = KITH_KIND_ONLINE;
    rec.flags = bot || strcmp(*uid, DISCORD_SYSTEM_ID) == 0 ? KITH_FLAG_BOT : 0;
    /* The server nickname is the name the community knows. */
    rec.display_name = !kith__blank(nick) ? nick : kith__blank(name) ? NULL : name;
    /* Each deleted account keeps its own id, so stays one member; it is
     * named as Discord shows it. */
    if (deleted_user(name) || deleted_user(nick)) {
        rec.display_name = "Deleted User";
        rec.attributes_json = "{\"discord_deleted\":true}";
    }
    if (at >= 0) {
        rec.first_seen = at;
        rec.has_first_seen = 1;
    }
    return kith__jmember(imp, &rec, &c->seen, id);
}

/* ================================================================ messages */

static kith_code emit(discord_ctx *c, const discord_msg *m, kith_activity_rec *a,
                      int64_t member)
{
    a->member_id = member;
    a->channel = c->label;
    a->occurred_at = m->at;
    a->thread_id = c->thread;
    return kith__imp_activity(c->imp, a);
}

/* The author of the message replied to, when it was imported (earlier in
 * this file, DiscordChatExporter writes in time order, or from an earlier
 * file of the same channel). */
static kith_code reply_target(discord_ctx *c, const char *ref, int64_t *target)
{
    *target = 0;
    /* Message ids are snowflakes (digits); the mention and reaction
     * activities' ids have ':' and are not messages. */
    if (strchr(ref, ':'))
        return KITH_OK;
    kith_code rc = kith__st_activity_member(c->imp->st, c->imp->org, c->imp->source, ref,
                                            target, c->imp->err);
    /* Not found: outside the exported range, or a Discord notice. */
    return rc == KITH_ENOTFOUND ? KITH_OK : rc;
}

static int same_id(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* mentions: [{id, name, nickname, isBot}]. Replying with a ping lists the
 * replied-to author here too; the reply already says that, so it is not
 * counted twice. */
static kith_code mentions(discord_ctx *c, const discord_msg *m, json_t *list)
{
    size_t i, k;
    json_t *u, *prev;
    json_array_foreach (list, i, u) {
        char mb[96];
        snprintf(mb, sizeof mb, "%s.mentions[%zu]", m->base, i);
        kith_activity_rec a;
        memset(&a, 0, sizeof a);
        const char *uid = NULL;
        kith_code rc = user_member(c, u, mb, -1, &a.target_member_id, &uid);
        if (rc != KITH_OK)
            return rc;
        int dup =
            same_id(uid, m->uid) || (m->to_member && a.target_member_id == m->to_member);
        json_array_foreach (list, k, prev) {
            if (k >= i)
                break;
            dup |= same_id(uid, json_string_value(json_object_get(prev, "id")));
        }
        if (dup)
            continue;
        char ext[200];
        snprintf(ext, sizeof ext, "%s:mention:%s", m->id, uid);
        a.type = "mention";
        a.external_id = ext;
        a.parent_external_id = m->id;
        rc = emit(c, m, &a, m->member);
        if (rc != KITH_OK)
            return rc;
    }
    return KITH_OK;
}

/* reactions: [{emoji: {id, name}, count, users: [user...]}]. Only exports
 * that list the users give activities; a bare count names nobody. */
static kith_code reactions(discord_ctx *c, const discord_msg *m, json_t *list)
{
    size_t i, j;
    json_t *r, *u;
    json_array_foreach (list, i, r) {
        char rb[96], eb[112];
        snprintf(rb, sizeof rb, "%s.reactions[%zu]", m->base, i);
        snprintf(eb, sizeof eb, "%s.emoji", rb);
        if (!json_is_object(r))
            return kith__jbad(c->imp, rb, NULL, "expected a reaction object");
        json_t *emoji = NULL, *users = NULL;
        const char *ename = NULL, *eid = NULL;
        kith_code rc = kith__jget_obj(c->imp, r, rb, "emoji", 1, &emoji);
        if (rc == KITH_OK)
            rc = kith__jget_str(c->imp, emoji, eb, "name", 1, &ename);
        if (rc == KITH_OK)
            rc = kith__jget_str(c->imp, emoji, eb, "id", 0, &eid);
        if (rc == KITH_OK)
            rc = kith__jget_arr(c->imp, r, rb, "users", 0, &users);
        if (rc != KITH_OK)
            return rc;
        /* A custom emoji is known by its id; a standard one by itself. */
        const char *ekey = !kith__blank(eid) ? eid : ename;
        json_array_foreach (users, j, u) {
            char ub[128];
            snprintf(ub, sizeof ub, "%s.users[%zu]", rb, j);
            kith_activity_rec a;
            memset(&a, 0, sizeof a);
            const char *uid = NULL;
            int64_t who = 0;
            if (json_is_object(u) &&
                same_id(json_string_value(json_object_get(u, "id")), m->uid))
                continue;
            rc = user_member(c, u, ub, m->at, &who, &uid);
            if (rc != KITH_OK)
                return rc;
            char ext[400];
            snprintf(ext, sizeof ext, "%s:reaction:%s:%s", m->id, ekey, uid);
            a.type = "reaction";
            a.subtype = ename;
            a.external_id = ext;
            a.parent_external_id = m->id;
            a.target_member_id = m->member;
            rc = emit(c, m, &a, who);
            if (rc != KITH_OK)
                return rc;
        }
    }
    return KITH_OK;
}

/* What a Discord notice is, for the skipped count. */
static const char *notice_kind(const char *type)
{
    static const struct {
        const char *type, *why;
    } kinds[] = {{"GuildMemberJoin", "joins and leaves"},
                 {"RecipientAdd", "joins and leaves"},
                 {"RecipientRemove", "joins and leaves"},
                 {"ChannelPinnedMessage", "pins"},
                 {"ThreadCreated", "thread notices"},
                 {"ChannelNameChange", "channel changes"},
                 {"ChannelIconChange", "channel changes"},
                 {"Call", "calls"}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(type, kinds[i].type) == 0)
            return kinds[i].why;
    return "other notices";
}

static kith_code message_row(discord_ctx *c, json_t *o, const char *base)
{
    kith_importer *imp = c->imp;
    if (!json_is_object(o))
        return kith__jbad(imp, base, NULL, "expected a message object");
    discord_msg m;
    memset(&m, 0, sizeof m);
    m.base = base;
    const char *type = NULL, *ts = NULL, *content = NULL, *ref = NULL;
    json_t *author = NULL, *ments = NULL, *reacts = NULL, *refobj = NULL;
    kith_code rc = kith__jget_str(imp, o, base, "type", 0, &type);
    if (rc != KITH_OK)
        return rc;
    /* Default and Reply are people talking; the other kinds (joins, pins,
     * calls, "started a thread", renames...) are Discord's own notices. */
    int reply = type && strcmp(type, "Reply") == 0;
    if (type && !reply && strcmp(type, "Default") != 0) {
        kith__imp_skip(imp, notice_kind(type));
        return KITH_OK;
    }
    rc = kith__jget_str(imp, o, base, "id", 1, &m.id);
    if (rc == KITH_OK)
        rc = kith__jget_str(imp, o, base, "timestamp", 1, &ts);
    if (rc == KITH_OK)
        rc = kith__jget_str(imp, o, base, "content", 0, &content);
    if (rc == KITH_OK)
        rc = kith__jget_obj(imp, o, base, "author", 1, &author);
    if (rc == KITH_OK)
        rc = kith__jget_arr(imp, o, base, "mentions", 0, &ments);
    if (rc == KITH_OK)
        rc = kith__jget_arr(imp, o, base, "reactions", 0, &reacts);
    if (rc == KITH_OK)
        rc = kith__jget_obj(imp, o, base, "reference", 0, &refobj);
    if (rc != KITH_OK)
        return rc;
    if (kith__blank(m.id) || strlen(m.id) > 64)
        return kith__jbad(imp, base, "id", "'%.80s' is not a message id", m.id);
    char rb[64];
    snprintf(rb, sizeof rb, "%s.reference", base);
    if (refobj && reply)
        rc = kith__jget_str(imp, refobj, rb, "messageId", 0, &ref);
    if (rc != KITH_OK)
        return rc;
    const char *why = NULL;
    if (kith__time_parse(ts, NULL, &m.at, &why) != KITH_OK)
        return kith__jbad(imp, base, "timestamp", "'%.60s' is not a date/time: %s", ts,
                          why ? why : "unrecognised");
    char ab[64];
    snprintf(ab, sizeof ab, "%s.author", base);
    rc = user_member(c, author, ab, m.at, &m.member, &m.uid);
    if (rc != KITH_OK)
        return rc;

    kith_activity_rec a;
    memset(&a, 0, sizeof a);
    a.type = "post";
    if (!kith__blank(ref)) {
        a.type = "reply";
        a.parent_external_id = ref;
        rc = reply_target(c, ref, &a.target_member_id);
        if (rc != KITH_OK)
            return rc;
        m.to_member = a.target_member_id;
    }
    a.external_id = m.id;
    a.text = kith__blank(content) ? NULL : content;
    rc = emit(c, &m, &a, m.member);
    if (rc == KITH_OK && ments)
        rc = mentions(c, &m, ments);
    if (rc == KITH_OK && reacts)
        rc = reactions(c, &m, reacts);
    return rc;
}

/* ================================================================ file */

/* The channel label; a thread is filed under the channel it grew from
 * (DiscordChatExporter writes that as the thread's category). top holds
 * the export's "channel" (or nothing, when it had none). */
static kith_code channel_info(discord_ctx *c, json_t *top)
{
    json_t *ch = NULL;
    const char *id = NULL, *name = NULL, *type = NULL, *parent = NULL;
    kith_code rc = kith__jget_obj(c->imp, top, NULL, "channel", 1, &ch);
    if (rc == KITH_OK)
        rc = kith__jget_str(c->imp, ch, "channel", "id", 1, &id);
    if (rc == KITH_OK)
        rc = kith__jget_str(c->imp, ch, "channel", "name", 1, &name);
    if (rc == KITH_OK)
        rc = kith__jget_str(c->imp, ch, "channel", "type", 0, &type);
    if (rc == KITH_OK)
        rc = kith__jget_str(c->imp, ch, "channel", "category", 0, &parent);
    if (rc != KITH_OK)
        return rc;
    /* Direct messages are private conversations, not the community (as
     * the slack format leaves them out). */
    const char *gname = json_string_value(json_object_get(c->guild, "name"));
    int dm = type && (strcmp(type, "DirectTextChat") == 0 ||
                      strcmp(type, "DirectGroupTextChat") == 0);
    if (!type && gname && strcmp(gname, "Direct Messages") == 0)
        dm = 1;
    if (dm && !c->imp->opts->include_private)
        return kith_error_set_at(
            c->imp->err, KITH_EINPUT, c->imp->display, 0,
            "this export is %s (channel type %s): a private conversation, not the "
            "community's, so kith leaves it out; to import it anyway, pass "
            "--include-private",
            type && strcmp(type, "DirectGroupTextChat") == 0 ? "a group direct message"
                                                             : "a direct message",
            type ? type : "in \"Direct Messages\"");
    if (type && strstr(type, "Thread") && !kith__blank(parent)) {
        c->thread = id;
        name = parent;
    }
    snprintf(c->label, sizeof c->label, "discord:#%s", name);
    return KITH_OK;
}

/* The "channel" member seen so far (a new reference in *top), checked;
 * messages need it, so it must come first, as DiscordChatExporter writes
 * it. */
static kith_code need_channel(discord_ctx *c, json_t **top, int before_messages)
{
    if (!c->channel && before_messages)
        return kith__jbad(c->imp, NULL, "channel",
                          "expected an object before \"messages\" (as "
                          "DiscordChatExporter writes it)");
    if (!*top) {
        *top = json_object();
        if (!*top)
            return kith_error_set(c->imp->err, KITH_ENOMEM, "out of memory");
        if (c->channel && json_object_set(*top, "channel", c->channel) != 0)
            return kith_error_set(c->imp->err, KITH_ENOMEM, "out of memory");
    }
    return channel_info(c, *top);
}

/* One element of "messages", as a row. */
static kith_code message(discord_ctx *c, json_t *o, size_t i)
{
    kith_importer *imp = c->imp;
    char base[48];
    snprintf(base, sizeof base, "messages[%zu]", i);
    kith_code rc = kith__imp_row_begin(imp, 0);
    if (rc != KITH_OK)
        return rc;
    kith__jraw(imp, o, &c->raw);
    int64_t rejected = imp->counts.rows_rejected;
    rc = kith__imp_row_end(imp, message_row(c, o, base));
    if (imp->counts.rows_rejected != rejected)
        kith__strmap_clear(&c->seen);
    return rc;
}

/* "messages": [ ... ], each element parsed and imported on its own. */
static kith_code messages(discord_ctx *c, kith_jstream *js)
{
    kith_importer *imp = c->imp;
    int ch = kith__js_peek(js, imp->err);
    if (ch == -2)
        return KITH_EIO;
    if (ch != '[') {
        json_t *v = NULL;
        kith_code rc = kith__js_value(js, &v, imp->err);
        json_decref(v);
        return rc != KITH_OK ? rc
                             : kith__jbad(imp, NULL, "messages", "expected an array");
    }
    kith__js_take(js);
    for (size_t i = 0;; i++) {
        ch = kith__js_peek(js, imp->err);
        if (ch == -2)
            return KITH_EIO;
        if (ch == ']' && i == 0) {
            kith__js_take(js);
            return KITH_OK;
        }
        json_t *o = NULL;
        kith_code rc = kith__js_value(js, &o, imp->err);
        if (rc == KITH_OK)
            rc = message(c, o, i);
        json_decref(o);
        if (rc != KITH_OK)
            return rc;
        kith__imp_progress(imp, kith__js_offset(js), kith__js_size(js));
        ch = kith__js_peek(js, imp->err);
        if (ch == -2)
            return KITH_EIO;
        kith__js_take(js);
        if (ch == ']')
            return KITH_OK;
        if (ch != ',')
            return kith__js_bad(js, imp->err, "expected ',' or ']' after messages[%zu]",
                                i);
    }
}

/* The export object, one member at a time: "messages" streamed, the
 * others (guild, channel, dateRange, exportedAt, messageCount) parsed
 * whole, as they are small. */
static kith_code walk(discord_ctx *c, kith_jstream *js, json_t **top)
{
    kith_importer *imp = c->imp;
    int ch = kith__js_peek(js, imp->err);
    if (ch == -2)
        return KITH_EIO;
    if (ch != '{') {
        json_t *v = NULL;
        kith_code rc = ch < 0 ? kith_error_set_at(imp->err, KITH_EINPUT, imp->display, 1,
                                                  "the file is empty: expected a "
                                                  "DiscordChatExporter JSON export")
                              : kith__js_value(js, &v, imp->err);
        json_decref(v);
        return rc != KITH_OK
                   ? rc
                   : kith__jbad(imp, NULL, NULL,
                                "expected a DiscordChatExporter export (an object "
                                "with channel and messages)");
    }
    kith__js_take(js);
    json_t *keys = json_object(); /* the keys met, for duplicates */
    if (!keys)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    int had_messages = 0;
    kith_code rc = KITH_OK;
    for (int first = 1; rc == KITH_OK; first = 0) {
        ch = kith__js_peek(js, imp->err);
        if (ch == -2) {
            rc = KITH_EIO;
            break;
        }
        if (ch == '}' && first) {
            kith__js_take(js);
            break;
        }
        if (ch != '"') {
            if (ch >= 0)
                kith__js_take(js);
            rc = kith__js_bad(js, imp->err,
                              ch < 0 ? "premature end of input"
                                     : "string or '}' expected");
            break;
        }
        json_t *k = NULL;
        rc = kith__js_value(js, &k, imp->err);
        if (rc != KITH_OK)
            break;
        const char *key = json_string_value(k);
        if (json_object_get(keys, key)) {
            rc = kith__js_bad(js, imp->err, "duplicate object key");
            json_decref(k);
            break;
        }
        /* DiscordChatExporter writes six keys; a file with thousands is
         * not one of its exports (and the set must stay small). */
        if (json_object_size(keys) >= 64) {
            rc = kith__js_bad(js, imp->err,
                              "more than 64 keys in the export object: "
                              "not a DiscordChatExporter export");
            json_decref(k);
            break;
        }
        if (json_object_set_new(keys, key, json_true()) != 0) {
            rc = kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
            json_decref(k);
            break;
        }
        ch = kith__js_peek(js, imp->err);
        if (ch >= 0)
            kith__js_take(js);
        if (ch != ':') {
            rc = ch == -2 ? KITH_EIO : kith__js_bad(js, imp->err, "':' expected");
            json_decref(k);
            break;
        }
        if (strcmp(key, "messages") == 0) {
            had_messages = 1;
            rc = need_channel(c, top, 1);
            if (rc == KITH_OK)
                rc = messages(c, js);
        } else {
            json_t *v = NULL;
            rc = kith__js_value(js, &v, imp->err);
            if (rc == KITH_OK && strcmp(key, "channel") == 0)
                c->channel = json_incref(v);
            if (rc == KITH_OK && strcmp(key, "guild") == 0)
                c->guild = json_incref(v);
            json_decref(v);
        }
        json_decref(k);
        if (rc != KITH_OK)
            break;
        ch = kith__js_peek(js, imp->err);
        if (ch >= 0)
            kith__js_take(js);
        if (ch == '}')
            break;
        if (ch != ',')
            rc = ch == -2 ? KITH_EIO
                          : kith__js_bad(js, imp->err,
                                         ch < 0 ? "premature end of input"
                                                : "',' or '}' expected");
    }
    json_decref(keys);
    if (rc != KITH_OK)
        return rc;
    ch = kith__js_peek(js, imp->err);
    if (ch == -2)
        return KITH_EIO;
    if (ch >= 0) {
        kith__js_take(js);
        return kith__js_bad(js, imp->err, "end of file expected");
    }
    /* Checked last when there were no messages, so that a missing channel
     * is reported as before. */
    rc = need_channel(c, top, 0);
    if (rc == KITH_OK && !had_messages)
        rc = kith__jbad(imp, NULL, "messages", "expected an array");
    return rc;
}

kith_code kith__adapt_discord(kith_importer *imp, const char *path)
{
    struct stat sb;
    memset(&sb, 0, sizeof sb);
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return kith_error_set_at(imp->err, KITH_EINPUT, path, 0,
                                 "expected one DiscordChatExporter JSON file, not a "
                                 "folder");
    discord_ctx c;
    memset(&c, 0, sizeof c);
    c.imp = imp;
    kith__strmap_init(&c.seen);
    kith__imp_units(imp, "messages", NULL, "activities");
    /* A direct message imported on request is another reading of the file. */
    if (imp->opts->include_private &&
        kith__imp_option(imp, "include_private", "yes") != KITH_OK)
        return KITH_ENOMEM;
    kith_jstream *js = NULL;
    json_t *top = NULL;
    kith_code rc = kith__js_open(path, imp->display, &js, imp->err);
    if (rc == KITH_OK)
        rc = walk(&c, js, &top);
    kith__imp_progress(imp, (uint64_t)sb.st_size, (uint64_t)sb.st_size);
    imp->raw_text = NULL;
    free(c.raw);
    kith__strmap_free(&c.seen);
    json_decref(top);
    json_decref(c.channel);
    json_decref(c.guild);
    kith__js_close(js);
    return rc;
}
