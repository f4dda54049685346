# Sourced by scripts/test and scripts/stress-test: the build directories
# the suite runs in, set up once and reconfigured after.
#   build/       gcc, warnings are errors
#   build-san/   AddressSanitizer + UndefinedBehaviorSanitizer

setup() {
	dir=$1
	shift
	if [ -d "$dir" ]; then
		meson configure "$dir" "$@" >/dev/null
	else
		meson setup "$dir" "$@" >/dev/null
	fi
}

setup_builds() {
	setup build --werror
	setup build-san --werror -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
}

# UBSan only reports by default: undefined behaviour must fail the test
# that meets it, in the test binaries and in every ldnews they start.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export UBSAN_OPTIONS
