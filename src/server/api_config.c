/* The metrics' parameters: GET /api/v1/config (every key with its value,
 * default and help), PUT /api/v1/config/{key} {"value": "..."} and DELETE
 * /api/v1/config/{key} (back to the default), as 'kith config'. */
#include <stdio.h>
#include <string.h>

#include "server/srv.h"

void api_config(srv_req *r)
{
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_config_json(r->st, r->user.org_id, &text, &err), &text, &err);
}

/* 1 when key is a config key, else answers 404. */
static int known_key(srv_req *r, const char *key)
{
    for (const kith_config_key *k = kith_config_keys(); k->name; k++)
        if (!strcmp(k->name, key))
            return 1;
    srv_error(r, 404, NULL, "no config key '%.100s' (GET /api/v1/config lists them)",
              key);
    return 0;
}

static void answer_key(srv_req *r, const char *key)
{
    char val[4096];
    int def = 0;
    kith_error err;
    kith_error_clear(&err);
    if (kith_config_get(r->st, r->user.org_id, key, val, sizeof val, &def, &err) !=
        KITH_OK) {
        srv_fail(r, &err);
        return;
    }
    json_t *o = json_pack("{s:s,s:s,s:b}", "key", key, "value", val, "is_default", def);
    srv_reply_obj(r, 200, o);
}

void api_config_set(srv_req *r)
{
    const char *key = r->params[0];
    if (!known_key(r, key))
        return;
    json_t *b = srv_body_object(r);
    if (!b)
        return;
    int failed = 0;
    const char *value = srv_body_str(r, b, "value", 1, &failed);
    if (!failed) {
        kith_error err;
        kith_error_clear(&err);
        if (kith_config_set(r->st, r->user.org_id, key, value, &err) != KITH_OK) {
            srv_fail(r, &err);
        } else {
            srv_audit(r, "config_set", key, value);
            answer_key(r, key);
        }
    }
    json_decref(b);
}

void api_config_unset(srv_req *r)
{
    const char *key = r->params[0];
    if (!known_key(r, key))
        return;
    kith_error err;
    kith_error_clear(&err);
    if (kith_config_unset(r->st, r->user.org_id, key, &err) != KITH_OK) {
        srv_fail(r, &err);
        return;
    }
    srv_audit(r, "config_unset", key, NULL);
    answer_key(r, key);
}
