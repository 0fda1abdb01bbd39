/* Is it worth it, and what next (docs/impact.md): GET /api/v1/srci,
 * /api/v1/stakeholders, /api/v1/goals, /api/v1/outcomes and
 * /api/v1/simulate, each the bytes of its CLI command's --format json
 * (kith srci, stakeholders list, goals list, outcomes list, simulate) for
 * the same arguments. Dates read as --as-of reads them, in the org's time
 * zone. A bad query value is a 400 naming the parameter; what the library
 * refuses of the data (an unknown initiative, inputs of zero value) is its
 * own message as a 422, as the CLI's exit 2. kith simulate's --scenarios
 * FILE is left to the command line: the server reads no file a caller
 * names. */
#include <stdlib.h>
#include <string.h>

#include "server/srv.h"

/* The horizon of kith simulate --months (src/impact/ KITH_SIM_MAX_MONTHS:
 * fifty years). */
#define SIM_MAX_MONTHS 600

/* The as_of argument into o->as_of: 0, or -1 after answering 400. */
static int impact_opts(srv_req *r, kith_impact_opts *o)
{
    memset(o, 0, sizeof *o);
    return srv_arg_time(r, "as_of", &o->as_of) < 0 ? -1 : 0;
}

void api_srci(srv_req *r)
{
    kith_impact_opts o;
    if (impact_opts(r, &o) != 0)
        return;
    o.initiative = srv_arg(&r->args, "initiative");
    if (srv_arg_num(r, "sensitivity", &o.sensitivity) &&
        !(o.sensitivity > 0 && o.sensitivity <= 100)) {
        srv_error(r, 400, NULL,
                  "'sensitivity' is a percentage above 0 and at most 100 (default 10)");
        return;
    }
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_srci_json(r->st, r->user.org_id, &o, &text, &err), &text, &err);
}

void api_stakeholders(srv_req *r)
{
    kith_impact_opts o;
    if (impact_opts(r, &o) != 0)
        return;
    o.lexicon = srv_lexicon(r);
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_stakeholders_json(r->st, r->user.org_id, &o, &text, &err), &text,
             &err);
}

void api_goals(srv_req *r)
{
    kith_impact_opts o;
    if (impact_opts(r, &o) != 0)
        return;
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_goals_json(r->st, r->user.org_id, &o, &text, &err), &text, &err);
}

void api_outcomes(srv_req *r)
{
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r,
             kith_outcomes_render(r->st, r->user.org_id, srv_arg(&r->args, "initiative"),
                                  KITH_IMPACT_JSON, &text, &err),
             &text, &err);
}

/* A number argument that must be above 0 (min_ok: or equal to it) and
 * below max (0 = no bound): 1 given, 0 absent, -1 after answering 400. */
static int num_in(srv_req *r, const char *key, double *out, int min_ok, double max,
                  const char *what)
{
    if (!srv_arg_num(r, key, out))
        return 0;
    if ((min_ok ? !(*out >= 0) : !(*out > 0)) || (max > 0 && !(*out < max))) {
        srv_error(r, 400, NULL, "'%s' must be %s", key, what);
        return -1;
    }
    return 1;
}

/* The options of kith simulate from the query: 0, or -1 after answering
 * 400 (the checks of the command line, in the query's names). */
static int simulate_opts(srv_req *r, kith_simulate_opts *o)
{
    memset(o, 0, sizeof *o);
    int64_t months = 0;
    if (srv_arg_i64(r, "months", &months)) {
        if (months < 1 || months > SIM_MAX_MONTHS) {
            srv_error(r, 400, NULL, "'months' must be a whole number from 1 to %d",
                      SIM_MAX_MONTHS);
            return -1;
        }
        o->months = (int)months;
    }
    int has_p, has_q, has_m, churn, has_pr, has_sp;
    if ((has_p = num_in(r, "p", &o->p, 0, 0, "above 0 (innovation, a share a month)")) <
            0 ||
        (has_q = num_in(r, "q", &o->q, 0, 0, "above 0 (imitation, a month)")) < 0 ||
        (has_m = num_in(r, "market", &o->market, 0, 0,
                        "above 0 (the people you could reach)")) < 0 ||
        (churn = num_in(r, "churn", &o->churn, 1, 1,
                        "a monthly share from 0 to below 1, as 0.05")) < 0 ||
        (has_pr = num_in(r, "purchase_rate", &o->purchase_rate, 1, 0,
                         "0 or more (purchases per active member a month)")) < 0 ||
        (has_sp = num_in(r, "spend", &o->spend, 1, 0, "0 or more")) < 0)
        return -1;
    if ((has_p || has_q) && !(has_p && has_q && has_m)) {
        srv_error(r, 400, NULL,
                  "a given model needs 'p', 'q' and 'market' together ('market' alone "
                  "fixes the market of the fit)");
        return -1;
    }
    if (has_pr != has_sp) {
        srv_error(r, 400, NULL, "'purchase_rate' and 'spend' go together");
        return -1;
    }
    o->given = has_p;
    o->has_churn = churn;
    o->has_rates = has_pr;
    srv_arg_bool(r, "from_zero", &o->from_zero);
    o->downturn = srv_arg(&r->args, "downturn");
    o->initiative = srv_arg(&r->args, "initiative");
    o->lost_champion = srv_arg(&r->args, "lost_champion");
    return srv_arg_time(r, "as_of", &o->as_of) < 0 ? -1 : 0;
}

void api_simulate(srv_req *r)
{
    kith_simulate_opts o;
    if (simulate_opts(r, &o) != 0)
        return;
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    kith_code rc = kith_simulate_json(r->st, r->user.org_id, &o, &text, &err);
    if (rc == KITH_EINPUT) {
        /* Every input of a simulation is the query (a scenario the library
         * could not read, "--downturn 'months=x': ..."): a bad request. */
        char msg[1024];
        kith_error_format(&err, msg, sizeof msg);
        free(text);
        srv_error(r, 400, NULL, "%s", msg);
        return;
    }
    srv_view(r, rc, &text, &err);
}
