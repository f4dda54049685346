/* Unit tests for buf.c: growth, the cap, and failure leaving state intact. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "buf.h"

static void
test_append_and_grow(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b, 1 << 20);
	assert_string_equal(buf_cstr(&b), "");
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_puts(&b, "abc"), LDN_OK);
	assert_int_equal(b.len, 3000);
	assert_int_equal(strlen(buf_cstr(&b)), 3000);
	assert_memory_equal(b.data + 2997, "abc", 4);
	buf_free(&b);
}

static void
test_cap_leaves_buffer_intact(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 5);
	assert_int_equal(buf_puts(&b, "abcd"), LDN_OK);
	assert_int_equal(buf_puts(&b, "ef"), LDN_ELIMIT);
	assert_string_equal(buf_cstr(&b), "abcd");
	assert_int_equal(buf_putc(&b, 'e'), LDN_OK);
	assert_int_equal(buf_putc(&b, 'f'), LDN_ELIMIT);
	assert_int_equal(buf_printf(&b, "%d", 1), LDN_ELIMIT);
	assert_string_equal(buf_cstr(&b), "abcde");
	buf_free(&b);
}

static void
test_printf_detach_reset(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_printf(&b, "%s-%03d", "n", 7), LDN_OK);
	assert_string_equal(buf_cstr(&b), "n-007");
	buf_reset(&b);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_puts(&b, "xy"), LDN_OK);
	s = buf_detach(&b);
	assert_string_equal(s, "xy");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(s);
	s = buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
	buf_free(&b);
}

/* A whole file through a pipe; over max; and a read that fails. */
static void
test_read_fd(void **state)
{
	struct buf b;
	int p[2], fd;

	(void)state;
	buf_init(&b, 16);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "hello, file", 11), 11);
	close(p[1]);
	assert_int_equal(buf_read_fd(&b, p[0]), LDN_OK);
	close(p[0]);
	assert_string_equal(buf_cstr(&b), "hello, file");
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "and more than max", 17), 17);
	close(p[1]);
	assert_int_equal(buf_read_fd(&b, p[0]), LDN_ELIMIT);
	close(p[0]);
	assert_string_equal(buf_cstr(&b), "hello, file"); /* what fitted stays */
	fd = open("/", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(buf_read_fd(&b, fd), LDN_EIO); /* EISDIR */
	close(fd);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_grow),
		cmocka_unit_test(test_cap_leaves_buffer_intact),
		cmocka_unit_test(test_printf_detach_reset),
		cmocka_unit_test(test_read_fd),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
