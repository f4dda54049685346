# bash completion for ldnews(1)                              -*- shell-script -*-
#
# Options, the feed URLs of the config file (positional arguments and
# --check-feed), and the tag names of the cache (--tag). Both lists come from
# ldnews itself, read-only and without the network: --export-opml reads the
# config file only, and --kiosk --offline --tags opens the cache read-only
# (it never creates, writes or fetches). The -c/--config and --cache already
# on the line are passed on. Errors are dropped: a completion stays quiet.
#
# Needs nothing from the bash-completion package, which is what loads this
# file (from its completions directory) in an interactive shell.

# What the argument of option $1 is: file, tag, feed or other (a number,
# seconds, search text); nothing for an option without one.
_ldnews_arg()
{
	case $1 in
	-c | --config | --cache | --import-opml) echo file ;;
	-t | --tag) echo tag ;;
	--check-feed) echo feed ;;
	-s | --show | -f | --find | -w | --width | -o | --open | -r | --refresh | \
	    --timeout | --idle-reset | --cycle) echo other ;;
	esac
}

_ldnews_options()
{
	printf '%s\n' -l --list -s --show --tags --json --full -t --tag -f --find \
	    -w --width -o --open -r --refresh --ascii --offline --no-ignore --no-cache \
	    --cache --reset-cache --timeout -c --config --import-opml \
	    --export-opml -k --kiosk --idle-reset --cycle --check-feed \
	    -h --help -V --version
}

# Into the array _ldnews_w, the words up to the cursor, the ones bash split
# at ':' and '=' (COMP_WORDBREAKS) joined again: a URL is one word.
_ldnews_join()
{
	local i w
	_ldnews_w=()
	for ((i = 0; i <= COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((i > 1)) && [[ $w == [:=]* || ${_ldnews_w[-1]} == *[:=] ]]; then
			_ldnews_w[-1]+=$w
		else
			_ldnews_w+=("$w")
		fi
	done
}

# The word as the shell will read it: backslashes and quotes removed.
_ldnews_dequote()
{
	local s=$1
	s=${s#[\'\"]}
	s=${s%[\'\"]}
	printf '%s' "${s//\\/}"
}

# The -c/--config and --cache options on the line, for the ldnews run.
_ldnews_passed()
{
	local i w n=$((${#_ldnews_w[@]} - 1))
	_ldnews_args=()
	for ((i = 1; i < n; i++)); do
		w=${_ldnews_w[i]}
		case $w in
		-c | --config | --cache)
			((i + 1 < n)) && _ldnews_args+=("$w" "$(_ldnews_dequote "${_ldnews_w[i + 1]}")")
			((i++))
			;;
		--config=* | --cache=*)
			_ldnews_args+=("${w%%=*}" "$(_ldnews_dequote "${w#*=}")")
			;;
		esac
	done
}

# The feed URLs of the config file, one a line.
_ldnews_feeds()
{
	"$1" "${_ldnews_args[@]}" --export-opml 2>/dev/null |
	    sed -n 's/.*xmlUrl="\([^"]*\)".*/\1/p' |
	    sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&apos;/'"'"'/g; s/&amp;/\&/g'
}

# The tag names of the cache, one a line (from --tags --json).
_ldnews_tags()
{
	"$1" "${_ldnews_args[@]}" --kiosk --offline --tags --json 2>/dev/null </dev/null |
	    sed -n 's/^{"tag":"\(.*\)","count":[0-9]*}$/\1/p' |
	    sed 's/\\\(["\\]\)/\1/g'
}

# Into COMPREPLY, the lines of stdin that start with $1, less what bash
# keeps of the word before its last ':' or '='; with $2 = q, quoted for the
# shell (else readline quotes them, as file names).
_ldnews_reply()
{
	local pre=$1 keep line
	keep=${pre%"${pre##*[:=]}"}
	while IFS= read -r line; do
		[[ -n $line && $line == "$pre"* ]] || continue
		line=${line#"$keep"}
		[[ $2 == q ]] && printf -v line '%q' "$line"
		COMPREPLY+=("$line")
	done
}

_ldnews()
{
	local cmd=$1 cur prev kind _ldnews_w _ldnews_args
	COMPREPLY=()
	_ldnews_join
	cur=${_ldnews_w[-1]}
	prev=
	((${#_ldnews_w[@]} > 2)) && prev=${_ldnews_w[-2]}
	# The word as typed: ~/bin/ldnews is not expanded yet.
	# shellcheck disable=SC2088
	[[ $cmd == "~/"* ]] && cmd=$HOME/${cmd#"~/"}
	_ldnews_passed

	if [[ $cur == --*=* ]]; then
		kind=$(_ldnews_arg "${cur%%=*}")
		cur=${cur#*=}
	else
		kind=$(_ldnews_arg "$prev")
	fi
	cur=$(_ldnews_dequote "$cur")

	case $kind in
	file)
		compopt -o filenames 2>/dev/null
		_ldnews_reply "$cur" < <(compgen -f -- "$cur")
		;;
	tag)
		_ldnews_reply "$cur" q < <(_ldnews_tags "$cmd")
		;;
	feed)
		_ldnews_reply "$cur" q < <(_ldnews_feeds "$cmd")
		;;
	other)
		;;
	*)
		if [[ $cur == -* ]]; then
			_ldnews_reply "$cur" < <(compgen -W "$(_ldnews_options)" -- "$cur")
		else
			# A feed: a URL of the config file, or a file.
			compopt -o filenames 2>/dev/null
			_ldnews_reply "$cur" < <(_ldnews_feeds "$cmd"; compgen -f -- "$cur")
		fi
		;;
	esac
	return 0
} &&
	complete -F _ldnews ldnews

# ex: filetype=sh
