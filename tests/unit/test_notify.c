/* test_notify.c - the notification command: argv with the count and the
 * title appended, no shell, never in a kiosk, nothing for nothing new. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "notify.h"
#include "text.h"

struct env {
	char dir[64], script[96], out[96];
};

static int
setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	FILE *f;

	assert_non_null(e);
	strcpy(e->dir, "/tmp/ldnews-notify-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->script, sizeof(e->script), "%s/notifier", e->dir);
	snprintf(e->out, sizeof(e->out), "%s/args", e->dir);
	/* The test's stand-in for notify-send: one argument a line. */
	assert_non_null(f = fopen(e->script, "w"));
	fprintf(f, "#!/bin/sh\nfor a in \"$@\"; do printf '%%s\\n' \"$a\"; done > '%s'\n", e->out);
	fclose(f);
	assert_int_equal(chmod(e->script, 0700), 0);
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;

	unlink(e->out);
	unlink(e->script);
	rmdir(e->dir);
	free(e);
	return 0;
}

/* What the notifier was given, or NULL when it did not run. */
static char *
taken(const struct env *e)
{
	FILE *f = fopen(e->out, "r");
	char *text;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	assert_non_null(text = calloc(1, (size_t)n + 1));
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(e->out);
	return text;
}

static void
test_runs_with_count_and_title(void **state)
{
	struct env *e = *state;
	const char *argv[] = {e->script, "--app-name=ldnews", "$HOME;x", NULL};
	struct plan p = {.notify = argv};
	char *cause = NULL, *got;

	assert_int_equal(notify_new(&p, 12, "Winter \x1b]0;owned\x07" "fuel\ncut", &cause), LDN_OK);
	assert_non_null(got = taken(e));
	/* Arguments as given (no shell), then the count and one clean line. */
	assert_string_equal(got, "--app-name=ldnews\n$HOME;x\n12\nWinter fuel cut\n");
	free(got);
}

static void
test_nothing_to_say(void **state)
{
	struct env *e = *state;
	const char *argv[] = {e->script, NULL};
	struct plan p = {.notify = argv};
	char *cause = NULL;

	assert_int_equal(notify_new(&p, 0, "x", &cause), LDN_OK);
	assert_null(taken(e));
	p.kiosk = true;                  /* a kiosk starts no program */
	assert_int_equal(notify_new(&p, 3, "x", &cause), LDN_OK);
	assert_null(taken(e));
	p.kiosk = false;
	p.notify = NULL;
	assert_int_equal(notify_new(&p, 3, "x", &cause), LDN_OK);
	assert_null(cause);
	p.notify = argv;                 /* and back: it runs */
	assert_int_equal(notify_new(&p, 1, NULL, &cause), LDN_OK);
	free(taken(e));
}

static void
test_failures_say_why(void **state)
{
	const char *fails[] = {"false", NULL}, *missing[] = {"/nonexistent/notifier", NULL};
	struct plan p = {.notify = fails};
	char *cause = NULL;

	(void)state;
	assert_int_equal(notify_new(&p, 2, "t", &cause), LDN_EIO);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "false"));
	free(cause);
	cause = NULL;
	p.notify = missing;
	assert_int_equal(notify_new(&p, 2, "t", &cause), LDN_EIO);
	assert_non_null(strstr(cause, "/nonexistent/notifier"));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_runs_with_count_and_title, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_to_say, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures_say_why, setup, teardown),
	};

	text_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
