/* kith: the command-line front end. Dispatches to cmd_<verb>.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const struct {
    const char *name;
    cli_cmd_fn fn;
    const char *summary;
} commands[] = {
    {"demo", cmd_demo, "make the synthetic bakery and show its community report"},
    {"init", cmd_init, "create a database and an organisation"},
    {"import", cmd_import, "import a file (generic CSV/JSONL or a tool's export)"},
    {"imports", cmd_imports, "list the import history"},
    {"members", cmd_members,
     "list, show, top, at-risk, merges, merge, unmerge, suggest-merges"},
    {"report", cmd_report, "the community report"},
    {"sentiment", cmd_sentiment,
     "brand sentiment, alerts (alerts), VADER scores (score)"},
    {"topics", cmd_topics, "rising topics of the community texts"},
    {"config", cmd_config, "parameters of the metrics (get, set, unset, list)"},
    {"org", cmd_org, "the organisation's settings (time zone, phone code, date order)"},
    {"initiatives", cmd_initiatives, "revenue, ROI and cost per customer of initiatives"},
    {"graph", cmd_graph,
     "the community network: communities, brokers, ties; export, SVG"},
    {"match", cmd_match, "introductions: whom a member (or a newcomer) should meet"},
    {"srci", cmd_srci, "social return on community investment, with its sensitivity"},
    {"outcomes", cmd_outcomes, "outcomes of the SRCI impact map (add, list, remove)"},
    {"stakeholders", cmd_stakeholders,
     "stakeholder map: power/interest grid, salience (add, set, list, remove)"},
    {"goals", cmd_goals,
     "SMART goals on the metrics, on or off track (add, list, remove)"},
    {"simulate", cmd_simulate, "community growth scenarios (Bass diffusion with churn)"},
    {"clv", cmd_clv, "predicted lifetime value (BG/NBD + Gamma-Gamma)"},
    {"churn", cmd_churn, "churn risk of customers, with reasons"},
    {"segments", cmd_segments, "customer segments: RFM or k-means clusters"},
    {"backup", cmd_backup, "copy the database safely, even while it is in use"},
    {"serve", cmd_serve, "the web dashboard and JSON API (kith serve --help)"},
    {"users", cmd_users, "accounts of kith serve (add, list, remove, passwd)"},
    {"tokens", cmd_tokens, "bearer tokens for scripts (create, list, revoke)"},
    {"audit", cmd_audit, "the audit log: logins, imports, merges, config, accounts"},
};

#define N_COMMANDS ((int)(sizeof commands / sizeof commands[0]))

static void usage(FILE *f)
{
    fprintf(f, "usage: kith [--db PATH] [--org NAME] COMMAND [ARGS]\n"
               "\n"
               "kith turns what a small business's tools export into community\n"
               "answers: who is engaged, who is drifting, what it is worth.\n"
               "\n"
               "commands:\n");
    for (int i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n"
               "options for every command:\n"
               "  --db PATH      database file (default $KITH_DB, else ./kith.db)\n"
               "  --org NAME     organisation (default: the only one)\n"
               "  --help         help for the command\n"
               "most reading commands also take --format table|json|csv\n"
               "\n"
               "Start with 'kith demo', then 'kith COMMAND --help'.\n"
               "exit codes: 0 ok, 1 usage, 2 bad input, 3 data or state, 4 internal\n");
}

int main(int argc, char **argv)
{
    cli_global g;
    memset(&g, 0, sizeof g);
    if (cli_take_global(&g, &argc, argv) != 0)
        return 1;
    if (argc < 2) {
        usage(stderr);
        return 1;
    }
    const char *verb = argv[1];
    if (!strcmp(verb, "--help") || !strcmp(verb, "-h") || !strcmp(verb, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(verb, "--version") || !strcmp(verb, "version")) {
        printf("kith %s\n", kith_version());
        return 0;
    }
    for (int i = 0; i < N_COMMANDS; i++)
        if (!strcmp(verb, commands[i].name))
            return commands[i].fn(&g, argc - 1, argv + 1);
    fprintf(stderr, "kith: unknown command '%s'\n\n", verb);
    usage(stderr);
    return 1;
}
