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
