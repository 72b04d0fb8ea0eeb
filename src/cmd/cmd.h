/*
 * cmd.h — what every subcommand shares.  A subcommand is one file,
 * src/cmd/<name>.c, with one function `int cmd_<name>(int argc, char **argv,
 * const cmd_env *env)` and one row in the table of src/main.c.  ARGV[0] is
 * the subcommand's name; the global --db option is already taken out.
 * Return 0 on success, 1 on failure, 2 on a usage error.
 */
#ifndef PX_CMD_H
#define PX_CMD_H

#include "parallax.h"

typedef struct cmd_env {
	const char *db_path;   /* NULL: the default store */
} cmd_env;

int cmd_ingest(int argc, char **argv, const cmd_env *env);
int cmd_stories(int argc, char **argv, const cmd_env *env);
int cmd_story(int argc, char **argv, const cmd_env *env);
int cmd_outlets(int argc, char **argv, const cmd_env *env);
int cmd_blindspots(int argc, char **argv, const cmd_env *env);
int cmd_extract(int argc, char **argv, const cmd_env *env);
int cmd_feeds(int argc, char **argv, const cmd_env *env);
int cmd_feed(int argc, char **argv, const cmd_env *env);
int cmd_run(int argc, char **argv, const cmd_env *env);
int cmd_fetch(int argc, char **argv, const cmd_env *env);
int cmd_summarize(int argc, char **argv, const cmd_env *env);
int cmd_serve(int argc, char **argv, const cmd_env *env);

/* Opens the store or prints why not (and returns NULL). */
px_db *cmd_open(const cmd_env *env);
/* Prints "parallax: MESSAGE" to standard error; returns 1. */
int cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints L to standard output as JSON or as text. */
void cmd_print_stories(const px_story_list *l, int json);
/* Parses a non-negative integer option value; -1 if it is not one. */
long cmd_number(const char *s);
/* Opens the store and a pipeline on it, or prints why not (NULL). */
px_pipeline *cmd_open_pipeline(const cmd_env *env, px_db **db);

/* 1 if S is an http(s) URL (which commands read through the fetcher). */
int cmd_is_url(const char *s);

/* What a command reads: a file, standard input ("-"), or an http(s) URL
 * through the guarded fetcher (px_fetch). */
typedef struct cmd_input {
	char *data;                /* the bytes; NUL-terminated */
	size_t len;
	px_fetch_result r;         /* a URL's response (its body is DATA) */
} cmd_input;

/* Reads SRC whole: a file up to LIMIT + 1 bytes (so an oversize one is
 * seen as one); a URL as the fetcher allows (ALLOW_PRIVATE: loopback too),
 * an HTTP error status counting as a failure.  Returns 0, or 1 after
 * printing why. */
int cmd_input_read(const char *src, size_t limit, int allow_private, cmd_input *in);
void cmd_input_free(cmd_input *in);

#endif
