/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SYSTRACECTL_H
#define SYSTRACECTL_H

#include <stddef.h>
#include <limits.h>
#include <stdio.h>
#include <time.h>
#include <linux/systrace.h>

/* Exit codes, documented in systracectl(8). */
enum {
	ST_EXIT_OK = 0,
	ST_EXIT_FAIL = 1,	/* the operation failed */
	ST_EXIT_USAGE = 2,	/* bad command line */
	ST_EXIT_NOMOD = 3,	/* the systrace module is not loaded */
	ST_EXIT_BUSY = 4,	/* ask: another agent is registered */
};

struct st_nl;
struct nl_sock;

/* Open the family or print one line explaining why not; returns an exit code. */
int st_open_or_explain(struct st_nl *nl);

/* errors.c: one line for each failure, saying what to do. */
/* "systracectl load" while that subcommand runs (main.c), for messages. */
extern const char *st_cmd;
/* getopt() returned '?' (opterr is 0): the option, unknown or missing its
 * argument (@optstring says which); returns ST_EXIT_USAGE. */
int st_bad_option(const char *optstring, int argc, char *argv[]);
/* Wrong operands: the first line of @usage; returns ST_EXIT_USAGE. */
int st_bad_usage(const char *usage);
/* An unknown mode, and the modes; returns ST_EXIT_USAGE. */
int st_bad_mode(const char *mode);
/* st_nl_strerror() and, for the errors a person can fix, what to do. */
const char *st_kerr(struct st_nl *nl, int err);

/* Read a policy file for loading: an image, or a source compiled with
 * policyc. Errors are printed. */
int st_read_policy(const char *path, unsigned char **buf, size_t *len);
int st_parse_mode(const char *s);
const char *st_mode_name(int mode);

int status_main(int argc, char *argv[]);
int load_main(int argc, char *argv[]);
int unload_main(int argc, char *argv[]);
int list_main(int argc, char *argv[]);
int run_main(int argc, char *argv[]);
int loaddir_main(int argc, char *argv[]);
int ask_main(int argc, char *argv[]);
int monitor_main(int argc, char *argv[]);
int users_main(int argc, char *argv[]);
int attach_main(int argc, char *argv[]);
int ps_main(int argc, char *argv[]);

/* json.c: @s as a JSON string, bytes not UTF-8 as U+FFFD; NULL: no memory. */
struct json_t;
struct json_t *st_jstr(const char *s);
/* The same of @n bytes of @s. */
struct json_t *st_jstr_n(const char *s, size_t n);
/* The length of the UTF-8 sequence at @s (of @n bytes), 0 if invalid:
 * a shortest form, no surrogate, at most U+10FFFF (json.c). */
size_t st_utf8_len(const unsigned char *s, size_t n);
/* @o (taken: released here; NULL when building it failed) on standard
 * output, indented, keys in order, and a newline: 0 or -ENOMEM. */
int st_json_print(struct json_t *o);

/* ps.c: the confined tasks (SYSTRACE_CMD_PS). */
#define ST_PS_LAYERS	8	/* ST_MAX_LAYERS */
struct st_ps_layer {
	char *image;
	unsigned int index, flags;	/* SYSTRACE_LAYER_F_* */
	int mode;
	long long owner;		/* ST_NO_OWNER: a global image */
};
struct st_ps_task {
	unsigned int pid, tgid, uid;
	char prog[32];
	unsigned int nlayers;
	struct st_ps_layer layers[ST_PS_LAYERS];
};
/* Dump them on @nl, sorted by pid: 0 or -errno (extack in @nl). */
int st_ps_collect(struct st_nl *nl, struct st_ps_task **tasks, size_t *n);
void st_ps_free(struct st_ps_task *tasks, size_t n);

/* users.c: the password database to the module ($HOME, $USER). */
/* Send it on @nl; 0 or -errno (extack in @nl); *@count: users sent. */
int st_users_sync(struct st_nl *nl, size_t *count);
/* As root, before load, load-dir and run: send it, warn on failure. */
void st_users_sync_auto(void);

/* report.c, rule.c: what the kernel reports of a call, and its rule. */
#define ST_ARGS_N	16	/* arguments kept of one report */
/* Longest generated rule: two values of PATH_MAX, each byte escaped. */
#define ST_RULE_MAX	(2 * 4 * 4096 + 512)
/* One SYSTRACE_A_ARG: pointers into the message (or st_rargs_dup()'s). */
struct st_rarg {
	const char *name;	/* "filename", as a policy names it */
	unsigned int index;	/* 1: the second of that name, "filename[1]" */
	int kind;		/* enum systrace_arg_kind */
	const char *value;	/* the value a rule compares, NUL-terminated */
	size_t len;		/* its bytes; not strlen(value) if it holds a NUL */
};
/* A question (SYSTRACE_CMD_ASK) or an event (SYSTRACE_CMD_EVENT). */
struct st_report {
	int cmd;
	const char *name, *call, *prog;	/* "" when absent */
	/* SYSTRACE_A_EMULATION: "native" or "linux" (ia32), the prefix of
	 * a rule for @call; "native" from a module that does not say */
	const char *emulation;
	const char *text;		/* SYSTRACE_A_ARGS: for people only */
	const char *user;		/* SYSTRACE_A_USER_NAME, "" when absent */
	/* SYSTRACE_A_EXE, the program's path; @prog (comm) when absent */
	const char *exe;
	unsigned int pid, uid, mode, verdict, err, line, timeout;
	unsigned int ppid, nr;		/* SYSTRACE_A_PPID, _CALL_NR */
	int has_nr;
	unsigned long long qid;
	int has_qid, has_verdict;
	struct st_rarg args[ST_ARGS_N];
	/* The arguments, or a negative errno when they cannot be trusted
	 * to be all of them (no rule is made then). */
	int nargs;
};
struct nl_msg;
/* @msg into @r (pointers into @msg): 0, or -1 if it is neither kind. */
int st_report_parse(struct nl_msg *msg, struct st_report *r);
/* The same without the arguments (@r->nargs 0, @r->args not set): what
 * every question needs; st_report_parse() again when a rule is made. */
int st_report_parse_head(struct nl_msg *msg, struct st_report *r);
/* The kernel log line's fields of @r (no time, no newline), as the
 * kernel prints them: the verdict word ("question" for a question), user
 * name or uid, program, pid, ppid, image, the call with its number, the
 * arguments' text, errno and rule line (or the question's id). */
void st_report_print(FILE *f, const struct st_report *r);
/* polfile.c: the policy file "always" adds to. */
/* @path's bytes, NUL-terminated, *@len of them; NULL (errno) on failure. */
char *st_file_read(const char *path, size_t *len);
/* @path replaced by @a, @b and @c, its mode and owner kept: 0 or -errno. */
int st_file_replace(const char *path, const char *a, size_t alen,
		    const char *b, size_t blen, const char *c, size_t clen);
/*
 * Where a rule for a task running @exe goes in @text: the end of the
 * section whose header names @exe, else the end of the file's first
 * policy (the one systracectl run confines with); @emu: its emulation.
 */
size_t st_policy_insert_point(const char *text, size_t len, const char *exe,
			      char *emu, size_t elen);
/* What an agent keeps of a question (agent.c, askjson.c). */
struct st_question {
	unsigned long long qid;
	unsigned int pid, uid, timeout;
	struct timespec got;	/* when it came (CLOCK_MONOTONIC) */
	char prog[32];
	char name[SYSTRACE_NAME_MAX];
	char call[64];
	char emulation[16];	/* SYSTRACE_A_EMULATION: native, linux */
	char args[1024];	/* the kernel log's text, to show */
	char exe[PATH_MAX];	/* the asking task's program, "" if gone */
};
/* A question's head (@r, st_report_parse_head() at least) into @q, with
 * the time it came and the asking task's program: 0, or -1 if @r is no
 * question. */
int st_question_take(const struct st_report *r, struct st_question *q);
/* Copies of @n arguments into @out, each name and value its own
 * allocation: 0 or -ENOMEM (nothing to free then). */
int st_rargs_dup(const struct st_rarg *in, int n, struct st_rarg *out);
void st_rargs_free(struct st_rarg *a, int n);
/* How values are generalised (learning): NULL or generalise 0: exact. */
struct st_rule_ctx {
	int generalise;
	const char *home;	/* replaced by $HOME */
	const char *cwd;	/* replaced by $CWD */
	/* ST_WIDEN_*: an absolute path compared by its directory (logprof);
	 * instead of generalise. A path that cannot be widened stays exact. */
	int widen;
};
enum {
	ST_WIDEN_NONE,
	ST_WIDEN_INPATH,	/* name inpath "/dir" */
	ST_WIDEN_GLOB,		/* name match: the directory, any name, the extension kept */
};
/* Why st_rule_cond()/st_rule_text() refused. */
const char *st_rule_strerror(int err);
/* @s as the kernel logs a value a task chose: in double quotes, '"', '\\',
 * control and non-ASCII bytes as \xNN (cut to fit @len); returns @buf. */
const char *st_quote_log(char *buf, size_t len, const char *s);
/*
 * The one place a rule's comparison is written: argument @a of @call
 * (its name, index, kind and value) checked against the table of calls
 * and arguments (kmod/calls.def) and, if it names the call's object,
 * appended to @buf as 'name op "value"' (" and " before it if @buf is not
 * empty), the value quoted as policyc's lexer reads it. Return: 1
 * appended, 0 not compared, or a negative errno (st_rule_strerror()).
 */
int st_rule_cond(const char *call, const struct st_rarg *a,
		 const struct st_rule_ctx *ctx, char *buf, size_t len);
/* The conditions of a rule on @nargs arguments ("filename eq \"/x\" and
 * ..."), "" when none is a key of @call: 0 or a negative errno. */
int st_rule_expr(const char *call, const struct st_rarg *args, int nargs,
		 const struct st_rule_ctx *ctx, char *buf, size_t len);
/* "native-fsread: filename eq \"/x\" then permit" from @nargs arguments
 * (a negative @nargs is returned: the report cannot make a rule). */
int st_rule_text(const char *emulation, const char *call,
		 const struct st_rarg *args, int nargs,
		 const struct st_rule_ctx *ctx, const char *action,
		 char *buf, size_t len);
/*
 * An argument named as monitor --json names it ("filename", "filename[1]")
 * or as the journal does after SYSTRACE_ARG_ ("FILENAME", "FILENAME_1"):
 * its name (the table's own string), index and kind (the table's) into
 * @a; 0, or -ENOENT when the table has no such argument.
 */
int st_rarg_key(const char *key, struct st_rarg *a);
int st_rarg_jkey(const char *field, struct st_rarg *a);
/* Where @a stands in the table's order of arguments (then by index):
 * the order of arguments read from the journal, which keeps none. */
unsigned int st_rarg_rank(const struct st_rarg *a);
/* The journal field of @a: "SYSTRACE_ARG_FILENAME_1". */
void st_rarg_jname(const struct st_rarg *a, char *buf, size_t len);
/* A call as the kernel reports it, as policies name it (sendfile64 -> sendfile). */
const char *st_call_name(const char *call);
/* "enoent", "EACCES" -> errno, or -1. */
int st_errno_parse(const char *name);

/* load.c: which file an image was loaded from, for "always" answers:
 * ST_RUN_DIR/<name>.src holds the absolute path of its policy source. */
#define ST_RUN_DIR	"/run/systrace"
int st_src_record(const char *name, const char *path);
void st_src_forget(const char *name);
/* The recorded source of @name into @buf; 0 or -errno. */
int st_src_lookup(const char *name, char *buf, size_t len);
/* Whether @path is a policy source (not a compiled image). */
int st_is_source(const char *path);
/* The mode of the loaded image @name, or -errno. */
int st_image_mode(struct st_nl *nl, const char *name);

/* agent.c: answering questions (ask, and run in ask mode). */
struct st_agent_own {
	const char *name;	/* the image run loaded as its agent */
	const char *src;	/* its source file ("always" goes there), or NULL */
	int mode;
	unsigned int timeout;
};
/*
 * Serve questions on @nl (already the agent) until @stop_fd (-1: none)
 * becomes readable, input ends, or a signal. Input: the terminal (@in_fd a
 * tty: prompt with line editing) or lines (one answer per question).
 * @own: run's own image, or NULL. Returns an exit code.
 */
int st_agent_serve(struct st_nl *nl, int in_fd, int stop_fd,
		   const struct st_agent_own *own);

/*
 * The "always" of an answer given another way (askjson.c): the rule
 * "EMU-CALL: @filter then @action" (@filter NULL: the exact rule of
 * the @nargs arguments @args) added to the policy file of image @name and
 * the image loaded again. 0 (the rule in @rule) or -errno, the file left
 * as it was.
 */
int st_agent_always(struct st_nl *nl, const struct st_agent_own *own,
		    const char *name, const char *exe, const char *emulation,
		    const char *call, const struct st_rarg *args, int nargs,
		    const char *action, const char *filter, char *rule,
		    size_t rlen);

/* askjson.c: the agent protocol (Documentation/agent-protocol.rst). */
/*
 * Serve questions on @nl (already the agent) as JSON lines written to
 * @out_fd, answers read from @in_fd, until @stop_fd (-1: none) becomes
 * readable, the front end goes away or a signal. Returns an exit code.
 */
int st_askjson_serve(struct st_nl *nl, int in_fd, int out_fd, int stop_fd,
		     const struct st_agent_own *own);
/* "EMU-CALL: FILTER then ACTION" ("true": the whole call); 0 or -errno. */
int st_filter_rule(const char *emulation, const char *call, const char *filter,
		   const char *action, char *buf, size_t len);

/* learn.c: learn mode reports of one image, written as a policy. */
struct st_learn;
/* Subscribe to the events group (needs CAP_SYS_ADMIN); NULL on error. */
struct st_learn *st_learn_open(const char *image);
int st_learn_fd(struct st_learn *l);
/* Read what is queued (never blocks). */
void st_learn_poll(struct st_learn *l);
/* Write the policy: @header_src (a source to start from, or NULL), then
 * the learned rules, sorted. Returns 0 or -errno. */
int st_learn_write(struct st_learn *l, const char *out, const char *header_src,
		   char *const cmd[]);
/* Whether reports were lost (the socket overflowed). */
int st_learn_lost(struct st_learn *l);
void st_learn_close(struct st_learn *l);
/* The events group: join it on @sk; 0 or a libnl error. */
int st_join_events(struct nl_sock *sk);

/* systrace.c: systrace(1), the same binary called "systrace". */
int systrace_main(int argc, char *argv[]);
/* A subcommand's main by name (main.c), or NULL if this build lacks it. */
int (*st_subcommand(const char *name))(int argc, char *argv[]);
/* image.c: compile sources with policyc -u (systrace -u: no aliasing). */
extern int st_policyc_noalias;
/* run.c: ask mode reads answers from standard input, not /dev/tty. */
extern int st_run_ask_stdin;
/*
 * Whether a run that answers its own questions has anyone to ask: a
 * terminal (/dev/tty, unless @stdin_only), or answers on standard input
 * (a terminal, a pipe or socket, a file not empty). Not /dev/null, an
 * empty file or a closed descriptor: every question would be denied.
 */
int st_ask_reachable(int stdin_only);

/* sysanswer.c: systrace(1)'s answers, when systrace is the agent. */
struct st_agent_q {
	unsigned int pid, uid;
	const char *name, *call, *args, *exe;
	const char *src;	/* the policy file "permit" adds to, or NULL */
};
struct st_hook_answer {
	char line[64];		/* the answer, as systracectl's agent reads it */
	char filter[ST_RULE_MAX]; /* a filter answer: the rule after "CALL: " */
	int kill;		/* kill the task before answering */
	int again;		/* no answer yet: ask again */
};
/*
 * Set by systrace: called with each answer typed; returns 1 with @r
 * filled when it translated (or handled) the answer, 0 to parse @line
 * as systracectl's own answers.
 */
extern int (*st_agent_hook)(const struct st_agent_q *q, const char *line,
			    struct st_hook_answer *r, FILE *out);
/* Set by systrace: an answer given without asking ("permit" for a
 * detached process), or NULL to ask. */
extern const char *(*st_agent_auto)(const struct st_agent_q *q);
void st_sysanswer_enable(void);

/* events.c: the events multicast group, and the files that keep it. */
struct st_events;
/* Joined to the group (needs CAP_SYS_ADMIN; errors printed), or NULL. */
struct st_events *st_events_open(void);
int st_events_fd(struct st_events *ev);
/* Call @fn for each queued report, events and questions (never blocks;
 * @r points into the message: copy what is kept); -ENOBUFS: some lost. */
int st_events_poll(struct st_events *ev,
		   void (*fn)(const struct st_report *r, void *arg), void *arg);
void st_events_close(struct st_events *ev);
/*
 * One kept line (@len bytes) into @r, its strings and arguments its own
 * (st_event_free()): a "monitor --json" decision (its "args" object), or
 * a "journalctl -o json" entry of "monitor --journal" (its SYSTRACE_*
 * fields; only an entry journald says root sent: _UID 0). Never the text
 * of a log: a rule is made of fields. 0; -EINVAL: no systrace decision;
 * -EPERM: SYSTRACE_* fields of another sender; -ENOMEM.
 */
int st_event_parse_line(const char *line, size_t len, struct st_report *r);
void st_event_free(struct st_report *r);
/* "deny-unmatched" etc.: the verdict's word, the same in the kernel log,
 * monitor's text, --json and the journal; "?" unknown. */
const char *st_verdict_name(unsigned int verdict);

/* journal.c: monitor --journal. */
struct iovec;
#define ST_JOURNAL_FIELDS	(24 + ST_ARGS_N)
/*
 * The journal fields of @r, "FIELD=value" each, binary-safe, into @iov
 * (ST_JOURNAL_FIELDS): MESSAGE=@message, SYSTRACE_VERDICT=, _POLICY=,
 * _CALL=, _CALL_NR=, _PID=, _PPID=, _UID=, _USER= (when the kernel named
 * the user), _PROGRAM=, one SYSTRACE_ARG_<NAME>= per argument
 * (SYSTRACE_NARGS= their number, absent when they are not all there).
 * Returns the number of fields (each iov_base its own allocation:
 * st_journal_free()), or -ENOMEM.
 */
int st_journal_fields(const struct st_report *r, const char *message,
		      const char *rule, struct iovec *iov);
void st_journal_free(struct iovec *iov, int n);
/* A report as one RFC 5424 line on @f (monitor --syslog, syslog.c):
 * @stamp an RFC 3339 time, @message the text line, @rule or NULL. */
void st_syslog_write(FILE *f, const struct st_report *r, const char *stamp,
		     const char *message, const char *rule);
/* The line saying the kernel dropped events for the reader. */
void st_syslog_lost(FILE *f, const char *stamp);

/* polmode.c: a policy file's own mode, a "# systrace-mode: MODE" line at
 * its head; kept across load-dir and reboots. The mode, or -1. */
int st_policy_file_mode(const char *path);
int mode_main(int argc, char *argv[]);
int logprof_main(int argc, char *argv[]);

#endif /* SYSTRACECTL_H */
