/* vanban-query: clauses by topic, agency or cited instrument. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vanban.h"
#include "printer.h"
#include "cli.h"
#include "answer.h"

static const char *prog = "vanban-query";

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: vanban-query [--db PATH] [--format text|json|jsonl|tsv] [--limit N] [--offset N]\n"
            "                    [--all] [--exact|--fold] [--docs] [--sort score|date|-date] [--count] [--exact-totals]\n"
            "                    [--facets issuer,type,year,ref,assignee]\n"
            "                    [--color auto|always|never] QUERY...\n"
            "       vanban-query [--db PATH] [--format …] --cites NUMBER [PINPOINT]\n"
            "       vanban-query [--db PATH] [--format …] --refs NUMBER | --top-cited [N] | --show NUMBER [PINPOINT]\n"
            "       vanban-query [--db PATH] [--format …] --status NUMBER [PINPOINT]\n"
            "       vanban-query [--db PATH] [options] --serve   (queries on standard input, one per line)\n"
            "\n"
            "Find the clauses of archived documents that match QUERY: words and \"phrases\"\n"
            "(diacritics as typed: 'thuế' is only thuế, 'thue' any spelling), AND OR NOT -word ( ),\n"
            "and fields (accents optional):\n"
            "  số: loại: cơ quan: giao: chủ trì: gửi: trích dẫn: người ký: năm: ngày: chủ đề:\n"
            "  (so: loai: coquan: giao: chutri: gui: ref: nguoiky: nam: ngay: chude:; English: number:\n"
            "  type: issuer: assignee: lead: to: ref: signer: year: date: topic:). giao: is any body a\n"
            "  clause gives work to, chủ trì: only the leading one, gửi: the addressee. A value of several words is\n"
            "  quoted: cơ quan:\"Hải Phòng\" loại:\"chỉ thị\" năm:2020 tín dụng đen\n"
            "\n"
            "  --db PATH        index (default: $VANBAN_DB, else ./vanban.db); may be a stub file of shards\n"
            "  --format F       text (default), json, jsonl (one result per line) or tsv\n"
            "  --limit N        results to show (default 20; 0: all, as --all)\n"
            "  --offset N       results to skip first\n"
            "  --all            every matching clause, file by file in path order (streams; no limit)\n"
            "  --docs           one result per document: its subject, matching clauses and mentions,\n"
            "                   and its best clause (documents rank by their best clause's score)\n"
            "  --sort ORDER     score (default, highest first), date (oldest first), -date (newest\n"
            "                   first); ties in the archive's fixed order (file, clause); not with --all\n"
            "  --exact          diacritics bind in every word, also where none are typed ('duong' is only duong)\n"
            "  --fold           diacritics ignored: every word matches every spelling ('thuế' finds thuê)\n"
            "  --count          only the number of matching clauses and of mentions\n");
    fprintf(out,
            "  --exact-totals   count every match for the totals of a page (else, when the page is\n"
            "                   known before every file is read, the totals are estimates: \"about\")\n"
            "  --facets LIST    counts over all matches by issuer, type, year, ref, assignee (giao)\n"
            "  --color WHEN     highlight mentions: auto (on a terminal), always, never\n"
            "  --thesaurus FILE topics for chude:/topic: (default: $VANBAN_THESAURUS, corpus/thesaurus.tsv)\n"
            "  --timeout S      remote shards: give up after S seconds (default 10)\n"
            "  --partial        answer from the shards that reply; the answer says which are missing\n"
            "  --cites NUMBER [PINPOINT]  clauses citing NUMBER (e.g. 10/CT-TTg, or '46/2014/NĐ-CP d19'), newest first\n"
            "  --refs NUMBER    what document NUMBER cites, with clause and line\n"
            "  --top-cited [N]  the N (default 20) most cited instruments\n"
            "  --status NUMBER [PINPOINT]  is it still in force? what the archive says of that instrument\n"
            "                   (or of one article: d28, 'Điều 28'): amended, partly repealed, replaced,\n"
            "                   repealed, consolidated, by which documents, from when, with the clause that\n"
            "                   says it; \"unknown\" when the archive neither holds nor cites it (docs/status.md)\n"
            "  --show NUMBER [PINPOINT]  the whole parsed document: header, then clauses with paths;\n"
            "                   with PINPOINT (a clause path: d28, 5, 5.2, or 'Điều 28') that clause and its\n"
            "                   sub-clauses only ('--show \"145/2020/NĐ-CP d28\"' works too)\n"
            "  --serve          answer each line of standard input as a QUERY with the other options:\n"
            "                   one line of JSON per query (as --format json), flushed; errors in the\n"
            "                   line (\"error\"); each query reads the index as last committed\n"
            "  --help           this help\n"
            "\n"
            "Exit status: 0 something matched; 1 nothing matched (--status: the instrument is unknown\n"
            "to the archive); 2 usage or fatal error.\n"
            "With --serve: 0 at the end of input; 2 usage or fatal error.\n");
}

#define die_usage(fmt, arg) vb_cli_usage_error(prog, fmt, arg)

static size_t parse_count(const char *opt, const char *val)
{
    char *end;
    errno = 0;
    long long n = strtoll(val, &end, 10);
    if (errno || *end || end == val || n < 0 || n > 1000000000LL) {
        fprintf(stderr, "%s: %s wants a whole number from 0 to 1000000000, not '%s'\nTry '%s --help'.\n", prog, opt, val, prog);
        exit(2);
    }
    return (size_t)n;
}

static unsigned parse_facets(const char *list)
{
    unsigned f = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n == 6 && strncmp(p, "issuer", 6) == 0) f |= VB_FACET_ISSUER;
        else if (n == 4 && strncmp(p, "type", 4) == 0) f |= VB_FACET_TYPE;
        else if (n == 4 && strncmp(p, "year", 4) == 0) f |= VB_FACET_YEAR;
        else if (n == 3 && strncmp(p, "ref", 3) == 0) f |= VB_FACET_REF;
        else if ((n == 8 && strncmp(p, "assignee", 8) == 0) || (n == 4 && strncmp(p, "giao", 4) == 0))
            f |= VB_FACET_ASSIGNEE;
        else die_usage("unknown facet in '%s' (known: issuer, type, year, ref, assignee)", list);
        p += n;
        if (*p == ',') p++;
    }
    return f;
}


/* --serve: one query per line of standard input, one answer per query (the
 * printer is JSON's: one line each) on standard output, flushed, until end
 * of input. Each query reads the index as last committed. Returns the exit
 * status: 0, or 2 when standard output fails. */
static int serve(vb_index_t **ixp, const vb_run_t *run, vb_out_t *o)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    signal(SIGPIPE, SIG_IGN);   /* a reader that goes away: exit 2 with a message, not a signal */
    vb_cli_keep_freed_memory();
    while ((n = getline(&line, &cap, stdin)) != -1) {
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        int nul = memchr(line, '\0', len) != NULL;
        o->printed = 0;
        o->p->begin(o->p, nul ? "" : line);
        vb_status_t st = VB_OK;
        if (nul) {
            o->p->error(o->p, 2, vb_status_to_string(VB_ERR_INVALID_ARG), "the query line holds a NUL byte", 0);
        } else if (len == 0) {
            o->p->error(o->p, 2, vb_status_to_string(VB_ERR_INVALID_ARG), "empty query line", 0);
        } else {
            /* an indexer may have committed or swapped in a new index since the last query */
            st = *ixp ? vb_index_reopen(*ixp) : vb_index_open_ex(run->db, VB_INDEX_READ, &run->oo, ixp);
            if (st != VB_OK) o->p->error(o->p, 2, vb_status_to_string(st), vb_last_error(), 0);
            else (void)vb_run_search(ixp, run, o, line, &st);
        }
        if (fflush(stdout) != 0) {
            fprintf(stderr, "%s: writing output: %s\n", prog, strerror(errno));
            free(line);
            return 2;
        }
    }
    free(line);
    return 0;
}

/* ------------------------------------------------------------------ main */

int main(int argc, char **argv)
{
    const char *db = getenv("VANBAN_DB");
    vb_printer_new_fn make_printer = vb_printer_text_new;
    vb_color_t color = VB_COLOR_AUTO;
    vb_search_opts_t so;
    memset(&so, 0, sizeof so);
    so.limit = 20;
    int count_only = 0, all = 0, serving = 0, format_given = 0, sort_given = 0;
    vb_open_opts_t oo = { 0, 0 };
    const char *cites = NULL, *refs = NULL, *show = NULL, *status = NULL, *thesaurus = NULL;
    long top = -1;

    size_t qcap = 1;
    for (int i = 1; i < argc; i++) qcap += strlen(argv[i]) + 1;
    char *query = calloc(qcap, 1);
    char *pin = NULL;
    size_t qlen = 0;
    int opts_done = 0;
    if (!query) return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || a[1] != '-' ) {
            if (!opts_done && a[0] == '-' && a[1] && a[1] != '-' && strcmp(a, "-h") == 0) { usage(stdout); free(query); return 0; }
            if (cites && !pin && qlen == 0 && i > 1 && strcmp(argv[i - 1], cites) == 0) { pin = argv[i]; continue; }
            if (show && !pin && qlen == 0 && i > 1 && strcmp(argv[i - 1], show) == 0) { pin = argv[i]; continue; }
            if (status && !pin && qlen == 0 && i > 1 && strcmp(argv[i - 1], status) == 0) { pin = argv[i]; continue; }
            if (qlen) query[qlen++] = ' ';
            memcpy(query + qlen, a, strlen(a));
            qlen += strlen(a);
            continue;
        }
        if (strcmp(a, "--") == 0) { opts_done = 1; continue; }
        const char *eq = strchr(a, '=');
        char name[32];
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        if (nl >= sizeof name) die_usage("unknown option '%s'", a);
        memcpy(name, a, nl);
        name[nl] = '\0';
        static const char *const with_value[] = { "--db", "--format", "--limit", "--offset", "--facets", "--color",
                                                  "--cites", "--refs", "--show", "--status", "--thesaurus", "--timeout",
                                                  "--sort" };
        const char *val = NULL;
        for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
            if (strcmp(name, with_value[k]) == 0) {
                if (eq) val = eq + 1;
                else if (i + 1 < argc) val = argv[++i];
                else die_usage("option '%s' needs a value", name);
            }
        if (!val && eq && strcmp(name, "--top-cited") != 0) die_usage("option '%s' takes no value", name);
        if (strcmp(name, "--help") == 0) { usage(stdout); free(query); return 0; }
        else if (strcmp(name, "--version") == 0) { printf("vanban-query %s\n", VB_VERSION); free(query); return 0; }
        else if (strcmp(name, "--db") == 0) db = val;
        else if (strcmp(name, "--format") == 0) {
            format_given = 1;
            make_printer = vb_printer_find(val);
            if (!make_printer) {
                char msg[128];
                snprintf(msg, sizeof msg, "unknown format '%%s' (%s)", vb_printer_formats);
                die_usage(msg, val);
            }
        } else if (strcmp(name, "--limit") == 0) so.limit = parse_count("--limit", val);
        else if (strcmp(name, "--offset") == 0) so.offset = parse_count("--offset", val);
        else if (strcmp(name, "--all") == 0) all = 1;
        else if (strcmp(name, "--docs") == 0) so.flags |= VB_SEARCH_DOCS;
        else if (strcmp(name, "--sort") == 0) {
            sort_given = 1;
            so.flags &= ~(VB_SEARCH_NEWEST | VB_SEARCH_OLDEST);
            if (strcmp(val, "date") == 0) so.flags |= VB_SEARCH_OLDEST;
            else if (strcmp(val, "-date") == 0) so.flags |= VB_SEARCH_NEWEST;
            else if (strcmp(val, "score") != 0) die_usage("--sort wants score, date or -date, not '%s'", val);
        }
        else if (strcmp(name, "--serve") == 0) serving = 1;
        else if (strcmp(name, "--timeout") == 0) {
            size_t t = parse_count("--timeout", val);
            if (t == 0 || t > 3600) die_usage("--timeout wants seconds from 1 to 3600, not '%s'", val);
            oo.timeout_ms = (unsigned)(t * 1000);
        } else if (strcmp(name, "--partial") == 0) oo.partial = 1;
        else if (strcmp(name, "--exact") == 0) so.flags |= VB_SEARCH_EXACT;
        else if (strcmp(name, "--fold") == 0) so.flags |= VB_SEARCH_FOLD;
        else if (strcmp(name, "--count") == 0) count_only = 1;
        else if (strcmp(name, "--exact-totals") == 0) so.flags |= VB_SEARCH_TOTALS;
        else if (strcmp(name, "--facets") == 0) so.facets = parse_facets(val);
        else if (strcmp(name, "--color") == 0 || strcmp(name, "--colour") == 0) {
            if (strcmp(val, "auto") == 0) color = VB_COLOR_AUTO;
            else if (strcmp(val, "always") == 0) color = VB_COLOR_ALWAYS;
            else if (strcmp(val, "never") == 0) color = VB_COLOR_NEVER;
            else die_usage("--color wants auto, always or never, not '%s'", val);
        } else if (strcmp(name, "--thesaurus") == 0) thesaurus = val;
        else if (strcmp(name, "--cites") == 0) cites = val;
        else if (strcmp(name, "--refs") == 0) refs = val;
        else if (strcmp(name, "--show") == 0) show = val;
        else if (strcmp(name, "--status") == 0) status = val;
        else if (strcmp(name, "--top-cited") == 0) {
            top = 20;
            const char *v = eq ? eq + 1 : (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9') ? argv[++i] : NULL;
            if (v) top = (long)parse_count("--top-cited", v);
        } else die_usage("unknown option '%s'", a);
    }
    int commands = (cites != NULL) + (refs != NULL) + (show != NULL) + (status != NULL) + (top >= 0);
    if (commands > 1) die_usage("%s", "--cites, --refs, --top-cited, --show and --status go one at a time");
    if ((so.flags & VB_SEARCH_EXACT) && (so.flags & VB_SEARCH_FOLD)) die_usage("%s", "--exact and --fold contradict each other");
    char *show_number = NULL;   /* --show 'NUMBER PINPOINT' in one argument */
    if (show && !pin && show[strcspn(show, " \t")]) {
        size_t nl = strcspn(show, " \t");
        show_number = strndup(show, nl);
        if (!show_number) return 2;
        pin = (char *)show + nl + strspn(show + nl, " \t");
        if (!*pin) pin = NULL;
        show = show_number;
    }
    if (status && !pin && status[strcspn(status, " \t")]) {
        /* --status 'NUMBER PINPOINT' ("145/2020/NĐ-CP d28", "145/2020/NĐ-CP Điều 28");
           a name ("Luật Đất đai 2024") is whole unless it ends in a clause path ("… d28") */
        size_t nl = strcspn(status, " \t");
        int num = memchr(status, '/', nl) != NULL;
        if (!num) {
            const char *last = status + strlen(status);
            while (last > status && last[-1] != ' ' && last[-1] != '\t') last--;
            int path = (last[0] == 'd' || last[0] == 'D') && last[1] >= '0' && last[1] <= '9';
            nl = path ? (size_t)(last - status) : strlen(status);
            while (nl > 0 && (status[nl - 1] == ' ' || status[nl - 1] == '\t')) nl--;
        }
        show_number = strndup(status, nl);
        if (!show_number) return 2;
        pin = (char *)status + nl + strspn(status + nl, " \t");
        if (!*pin) pin = NULL;
        status = show_number;
    }
    if (commands && qlen && !(cites && !pin)) die_usage("%s", "a citation command takes no QUERY");
    if (serving && (commands || qlen))
        die_usage("%s", "--serve reads its queries from standard input, one per line: no QUERY or command with it");
    if (serving && format_given && make_printer != vb_printer_json_new)
        die_usage("%s", "--serve answers in JSON, one line per query (--format json)");
    if (serving) make_printer = vb_printer_json_new;
    if (!commands && qlen == 0 && !serving) die_usage("%s", "no QUERY given");
    if (!db || !*db) db = "vanban.db";
    if (all) so.limit = 0;
    if (all && (so.flags & (VB_SEARCH_NEWEST | VB_SEARCH_OLDEST)))
        die_usage("%s", "--all streams file by file in path order: --sort date or -date goes with --limit");
    if (thesaurus && access(thesaurus, R_OK) != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, thesaurus, strerror(errno));
        free(query);
        return 2;
    }
    so.thesaurus = thesaurus ? thesaurus : vb_cli_default_thesaurus();
    if (!so.thesaurus && (strstr(query, "chude:") || strstr(query, "topic:")))
        fprintf(stderr, "%s: no thesaurus found (--thesaurus, $VANBAN_THESAURUS); topics match their own words only\n", prog);

    vb_index_t *ix = NULL;
    vb_status_t st = vb_index_open_ex(db, VB_INDEX_READ, &oo, &ix);
    if (st != VB_OK) {
        char msg[1024];
        if (st == VB_ERR_DB_NOT_FOUND)
            snprintf(msg, sizeof msg, "no index at %s; build one with: vanban-index --db %s DIRECTORY", db, db);
        else
            snprintf(msg, sizeof msg, "cannot open index %s: %s (%s)", db, vb_status_to_string(st), vb_last_error());
        const vb_printer_opts_t po = { .out = stdout, .notes = stderr, .prog = prog, .color = color,
                                       .vi = vb_locale_vi() };
        vb_out_t o = { serving ? NULL : make_printer(&po), 0, prog, 0 };
        if (o.p) {   /* the answer says it too (JSON), except to --serve: no question was asked */
            if (cites || !(refs || show || status || top >= 0)) o.p->begin(o.p, query);
            else o.p->command_begin(o.p, refs ? VB_CMD_REFS : show ? VB_CMD_SHOW : status ? VB_CMD_STATUS
                                                                                      : VB_CMD_TOP_CITED);
            vb_report(&o, 0, 2, vb_status_to_string(st), msg, 0);
            o.p->destroy(o.p);
        } else {
            fprintf(stderr, "%s: %s\n", prog, msg);
        }
        free(query);
        return 2;
    }
    {
        const char *missing = NULL;
        if (vb_index_missing_shards(ix, &missing))
            fprintf(stderr, "%s: partial answer: shards left out:\n%s\n", prog, missing);
    }
    vb_run_t run;
    memset(&run, 0, sizeof run);
    run.db = db;
    run.oo = oo;
    run.so = so;
    run.count_only = count_only;
    run.all = all;
    run.serve = serving;
    if (cites) {
        if (strchr(cites, '"') || (pin && strchr(pin, '"'))) die_usage("%s", "a number cannot contain '\"'");
        size_t need = strlen(cites) + (pin ? strlen(pin) : 0) + 16;
        char *q = malloc(need);
        if (!q) return 2;
        snprintf(q, need, "ref:\"%s%s%s\"", cites, pin ? " " : "", pin ? pin : "");
        run.cites = cites;
        free(query);
        query = q;
        if (!sort_given) run.so.flags |= VB_SEARCH_NEWEST;
    }

    const vb_printer_opts_t po = { .out = stdout, .notes = stderr, .prog = prog, .color = color,
                                       .vi = vb_locale_vi() };
    vb_out_t o = { make_printer(&po), 0, prog, 0 };
    int rc;
    if (!o.p) {
        fprintf(stderr, "%s: out of memory\n", prog);
        rc = 2;
    } else if (serving) {
        rc = serve(&ix, &run, &o);
    } else if (status) {
        rc = vb_run_status(ix, &o, 0, status, pin, &st);
    } else if (refs || show || top >= 0) {
        rc = vb_run_command(ix, &o, 0, refs, show, show ? pin : NULL, top, &st);
    } else {
        o.p->begin(o.p, query);
        rc = vb_run_search(&ix, &run, &o, query, &st);
    }
    if (st != VB_OK) rc = 2;   /* reported by run_search or run_command */
    if (fflush(stdout) != 0 && rc != 2) {
        fprintf(stderr, "%s: writing output: %s\n", prog, strerror(errno));
        rc = 2;
    }
    if (o.p) o.p->destroy(o.p);
    vb_index_close(ix);
    free(query);
    free(show_number);
    return rc;
}
