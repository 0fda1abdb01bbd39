/* kith serve: the web dashboard and the JSON API (include/kith/server.h).
 * Prints "listening on http://HOST:PORT" as its first line, then serves
 * until SIGINT or SIGTERM, lets the requests in flight finish and exits 0. */
#include <errno.h>
#include <pthread.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(
        f,
        "usage: kith serve [--listen HOST:PORT] [--db PATH]\n"
        "                  [--tls-cert FILE --tls-key FILE] [--threads N]\n"
        "                  [--max-connections N] [--timeout SECONDS]\n"
        "                  [--max-upload MIB] [--trust-proxy] [--no-cache] [--routes]\n"
        "\n"
        "Serve the dashboard at / and the JSON API under /api/v1 (docs/server.md,\n"
        "docs/api/openapi.yaml). Log in with an account made by 'kith users add'.\n"
        "  --listen A       address and port (default 127.0.0.1:8080; port 0 picks\n"
        "                   a free one); the first line printed names it\n"
        "  --tls-cert F     PEM certificate and key: serve HTTPS (cookies Secure)\n"
        "  --tls-key F\n"
        "  --threads N      worker threads (default 2 per core, at least 4)\n"
        "  --max-connections N  open connections at most (default 512)\n"
        "  --timeout S      close a connection idle for S seconds (default 30)\n"
        "  --max-upload M   largest import upload in MiB (default 1024)\n"
        "  --trust-proxy    the client address is the last of X-Forwarded-For\n"
        "                   (only behind a reverse proxy that sets it)\n"
        "  --no-cache       compute every answer, even a repeated one (to measure)\n"
        "  --routes         print the API's routes and exit\n"
        "Stop with Ctrl-C or SIGTERM: requests in flight finish first.\n");
}

static void log_line(void *ud, const char *line)
{
    (void)ud;
    fprintf(stderr, "kith serve: %s\n", line);
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = s && *s ? strtoul(s, &end, 10) : 0;
    if (!s || !*s || *end || errno || v == 0 || v > max)
        return -1;
    *out = v;
    return 0;
}

static int print_routes(void)
{
    size_t n = 0;
    const kith_route_info *r = kith_server_routes(&n);
    for (size_t i = 0; i < n; i++)
        printf("%-6s %-32s %-7s %s\n", r[i].method, r[i].pattern, r[i].role,
               r[i].params[0] ? r[i].params : "-");
    return 0;
}

int cmd_serve(cli_global *g, int argc, char **argv)
{
    kith_server_opts o;
    memset(&o, 0, sizeof o);
    static const struct option opts[] = {{"listen", required_argument, 0, 'l'},
                                         {"tls-cert", required_argument, 0, 'c'},
                                         {"tls-key", required_argument, 0, 'k'},
                                         {"threads", required_argument, 0, 't'},
                                         {"max-connections", required_argument, 0, 'm'},
                                         {"timeout", required_argument, 0, 'T'},
                                         {"max-upload", required_argument, 0, 'u'},
                                         {"trust-proxy", no_argument, 0, 'p'},
                                         {"no-cache", no_argument, 0, 'n'},
                                         {"web-dir", required_argument, 0, 'w'},
                                         {"routes", no_argument, 0, 'r'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    unsigned long v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            o.listen = optarg;
            break;
        case 'c':
            o.tls_cert = optarg;
            break;
        case 'k':
            o.tls_key = optarg;
            break;
        case 't':
        case 'm':
        case 'T':
            if (parse_uint(optarg, 100000, &v))
                return cli_usage("serve", "--%s wants a whole number from 1 to 100000",
                                 c == 't'   ? "threads"
                                 : c == 'm' ? "max-connections"
                                            : "timeout");
            if (c == 't')
                o.threads = (unsigned)v;
            else if (c == 'm')
                o.max_connections = (unsigned)v;
            else
                o.timeout = (unsigned)v;
            break;
        case 'u':
            if (parse_uint(optarg, 1024UL * 1024, &v))
                return cli_usage("serve", "--max-upload wants MiB from 1 to 1048576");
            o.max_upload = (uint64_t)v << 20;
            break;
        case 'p':
            o.trust_proxy = 1;
            break;
        case 'n':
            o.no_cache = 1;
            break;
        case 'w':
            o.web_dir = optarg; /* the dashboard's files from another folder */
            break;
        case 'r':
            return print_routes();
        case 'h':
            help(stdout);
            return 0;
        default:
            help(stderr);
            return 1;
        }
    }
    if (optind < argc)
        return cli_usage("serve", "unexpected argument '%s'", argv[optind]);
    o.db = g->db;
    o.lexicon = getenv("KITH_VADER_LEXICON"); /* as kith report */
    o.log = log_line;

    /* Every thread the server starts inherits this mask: SIGINT and SIGTERM
     * reach sigwait below only. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    kith_error err;
    kith_error_clear(&err);
    kith_server *srv = NULL;
    if (kith_server_start(&o, &srv, &err) != KITH_OK)
        return cli_fail(&err);
    printf("listening on %s\n", kith_server_url(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "kith serve: %s: finishing the requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    kith_server_stop(srv, 30);
    return 0;
}
