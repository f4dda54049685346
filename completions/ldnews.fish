# fish completion for ldnews(1).
#
# Options, the feed URLs of the config file (positional arguments and
# --check-feed), and the tag names of the cache (--tag). Both lists come from
# ldnews itself, read-only and without the network: --export-opml reads the
# config file only, and --kiosk --offline --tags opens the cache read-only
# (it never creates, writes or fetches). The -c/--config and --cache already
# on the line are passed on. Errors are dropped: a completion stays quiet.

# The command and the -c/--config and --cache options on the line; nothing
# when the command is not one (so it stays quiet).
function __ldnews_cmd
    set -l words (commandline -opc)
    command -q -- $words[1]; or return 1
    set -l out $words[1]
    set -l i 2
    while test $i -le (count $words)
        switch $words[$i]
            case -c --config --cache
                set -l j (math $i + 1)
                if test $j -le (count $words)
                    set -a out $words[$i] $words[$j]
                end
                set i $j
            case '--config=*' '--cache=*'
                set -a out $words[$i]
        end
        set i (math $i + 1)
    end
    printf '%s\n' $out
end

function __ldnews_feeds
    set -l cmd (__ldnews_cmd); or return
    $cmd --export-opml 2>/dev/null \
        | string replace -rf '.*xmlUrl="([^"]*)".*' '$1' \
        | string replace -a '&quot;' '"' | string replace -a '&lt;' '<' \
        | string replace -a '&gt;' '>' | string replace -a '&apos;' "'" \
        | string replace -a '&amp;' '&'
end

function __ldnews_tags
    set -l cmd (__ldnews_cmd); or return
    $cmd --kiosk --offline --tags --json 2>/dev/null </dev/null \
        | string replace -rf '^\{"tag":"(.*)","count":\d+\}$' '$1' \
        | string replace -ra '\\\\(["\\\\])' '$1'
end

complete -c ldnews -s l -l list -d 'Print the numbered headline list and exit'
complete -c ldnews -s s -l show -x -d 'Print article N as text and exit'
complete -c ldnews -l tags -d 'Print the tags with their article counts and exit'
complete -c ldnews -l json -d 'JSON output for --list, --show and --tags'
complete -c ldnews -l full -d 'with --show: the article extracted from its web page'
complete -c ldnews -s t -l tag -x -a '(__ldnews_tags)' -d 'Only articles with this tag'
complete -c ldnews -s f -l find -x -d 'Only articles with every word of TEXT (word starts)'
complete -c ldnews -s w -l width -x -d 'Wrap width for --show'
complete -c ldnews -s o -l open -x -d 'Start the reader with article N open'
complete -c ldnews -s r -l refresh -x -d 'Refresh every S seconds while the reader runs'
complete -c ldnews -l ascii -d 'Draw the reader with ASCII characters only'
complete -c ldnews -l offline -d 'Never fetch: read the cache only'
complete -c ldnews -l no-ignore -d 'Show the articles the [ignore] rules hide'
complete -c ldnews -l no-cache -d 'Keep nothing on disk'
complete -c ldnews -l cache -r -F -d 'The cache file'
complete -c ldnews -l reset-cache -d 'Move the cache aside and start afresh'
complete -c ldnews -l timeout -x -d 'Give up on a feed after S seconds'
complete -c ldnews -s c -l config -r -F -d 'The config file'
complete -c ldnews -l import-opml -r -F -d 'Add the feeds of an OPML file to the config file'
complete -c ldnews -l export-opml -d 'Print the feeds as OPML 2.0 and exit'
complete -c ldnews -s k -l kiosk -d 'Read-only kiosk mode'
complete -c ldnews -l idle-reset -x -d 'Back to the starting view after S seconds without a key'
complete -c ldnews -l cycle -x -d 'Open the next article every S seconds'
complete -c ldnews -l check-feed -x -a '(__ldnews_feeds)' -d 'Fetch one feed showing every header'
complete -c ldnews -s h -l help -d 'Show the help'
complete -c ldnews -s V -l version -d 'Show the version'
# A feed: a URL of the config file, or a file (fish offers files itself).
complete -c ldnews -a '(__ldnews_feeds)'
