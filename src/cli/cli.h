/* Helpers shared by the command-line tools. */
#ifndef VB_CLI_H
#define VB_CLI_H

/* "PROG: <FMT with ARG>" and a hint to --help on stderr, then exit 2 (jq's convention). */
void vb_cli_usage_error(const char *prog, const char *fmt, const char *arg) __attribute__((noreturn));

/* The thesaurus of topics: $VANBAN_THESAURUS, else the project's
 * corpus/thesaurus.tsv, else the one installed beside the binary; NULL when
 * there is none. */
const char *vb_cli_default_thesaurus(void);

/* For a tool that searches again and again (vanban-serve, vanban-query
 * --serve): keep the memory a search freed for the next one (glibc's
 * allocator; nothing elsewhere). */
void vb_cli_keep_freed_memory(void);

#endif
