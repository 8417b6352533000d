#!/bin/sh
# tmux-orc's hook for the AI CLIs it spawns (docs/real-agents.md, "Hooks"). Usage:
#
#   sh tmux-orc-hook.sh <event>                  the CLI's JSON payload on stdin
#   sh tmux-orc-hook.sh <event> --payload-arg J  the payload as the last argument (Codex's notify)
#
# It writes the event into the options of its own pane ($TMUX_PANE) with one tmux command list, on the server the
# pane belongs to ($TMUX): the counter @tmux-orc-hook-seq goes up by one (atomically: tmux runs one client's list
# without interleaving another's), @tmux-orc-hook-<event> becomes "<seq> <unix ms> <detail>", @tmux-orc-hook-last
# "<seq> <event>", and `wait-for -S tmux-orc-hook` wakes whoever waits for events.
#
# The payload is the CLI's, and its strings come from the user or the model: the detail is cut to one line of at
# most 200 bytes, `#` is doubled (tmux expands formats in the value: #{...} and #(...) must stay text), and a final
# `;` is escaped (tmux ends a command at an argument ending in `;`). The script never prints to stdout (Claude Code
# and Gemini CLI read a hook's stdout as its answer) and always exits 0 (exit 2 would block the CLI's turn).
LC_ALL=C
export LC_ALL

event=$1
case $event in
  prompt | tool | permission | stop | error | session | end | compact) ;;
  *) event= ;;
esac
if [ "$2" = --payload-arg ]; then
  # Codex runs notify with no stdin of ours: reading it could block on a terminal.
  payload=$3
else
  payload=$(cat)
fi
[ -n "$event" ] || exit 0
case $TMUX_PANE in
  %*[!0-9]* | %) exit 0 ;;
  %*) ;;
  *) exit 0 ;;
esac
socket=${TMUX%%,*}
[ -n "$socket" ] || exit 0

# json KEY [KEY2]: the string value of the first "KEY": in the payload (KEY2's appended after ": " when present),
# decoded; with RAW=1 as it is, else made safe as a tmux format value. Exits 3 when KEY has no string value.
json() {
  printf '%s' "$payload" | awk -v key="$1" -v key2="$2" -v raw="$RAW" '
    BEGIN { hexd = "0123456789abcdef" }
    { s = (NR == 1) ? $0 : s "\n" $0 }
    function hex(h,   n, i) {
      n = 0
      h = tolower(h)
      for (i = 1; i <= 4; i++) n = n * 16 + index(hexd, substr(h, i, 1)) - 1
      return n
    }
    function utf8(n) {
      if (n < 128) return sprintf("%c", n)
      if (n < 2048) return sprintf("%c%c", 192 + int(n / 64), 128 + n % 64)
      if (n < 65536) return sprintf("%c%c%c", 224 + int(n / 4096), 128 + int(n / 64) % 64, 128 + n % 64)
      return sprintf("%c%c%c%c", 240 + int(n / 262144), 128 + int(n / 4096) % 64, 128 + int(n / 64) % 64, 128 + n % 64)
    }
    # The raw text of the string value of the top-level "k": (a nested one, in tool_input say, is skipped: the
    # prefix before a match, strings taken out, must open one bracket more than it closes), or "\001" when none.
    function find(k,   off, rest, pre, opens, closes, at) {
      off = 0
      rest = s
      while (match(rest, "\"" k "\"[ \t\r\n]*:[ \t\r\n]*\"")) {
        at = off + RSTART + RLENGTH
        pre = substr(s, 1, off + RSTART - 1)
        gsub(/"([^"\\]|\\.)*"/, "", pre)
        opens = gsub(/[{[]/, "", pre)
        closes = gsub(/[]}]/, "", pre)
        if (opens - closes == 1) {
          rest = substr(s, at)
          if (!match(rest, /^([^"\\]|\\.)*"/)) return "\001"
          return substr(rest, 1, RLENGTH - 1)
        }
        off = at - 1
        rest = substr(s, at)
      }
      return "\001"
    }
    # JSON unescaping. A raw payload holds no \001 (JSON escapes control characters), so it can stand for "\\"
    # while the other escapes are replaced in one pass each, and \uXXXX (rare: control characters) one by one.
    function decode(t,   out, i, n, lo, parts, k) {
      gsub(/\\\\/, "\001", t)
      gsub(/\\n/, "\n", t)
      gsub(/\\t/, "\t", t)
      gsub(/\\r/, "\r", t)
      gsub(/\\"/, "\"", t)
      gsub(/\\\//, "/", t)
      gsub(/\\b/, "\b", t)
      gsub(/\\f/, "\f", t)
      out = ""
      while ((i = index(t, "\\u")) > 0) {
        out = out substr(t, 1, i - 1)
        if (substr(t, i + 2, 4) !~ /^[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]$/) {
          out = out "u"
          t = substr(t, i + 2)
          continue
        }
        n = hex(substr(t, i + 2, 4))
        lo = substr(t, i + 6, 6)
        if (n >= 55296 && n < 56320 && lo ~ /^\\u[dD][c-fC-F][0-9a-fA-F][0-9a-fA-F]$/) {
          out = out utf8(65536 + (n - 55296) * 1024 + hex(substr(lo, 3, 4)) - 56320)
          t = substr(t, i + 12)
        } else {
          out = out utf8(n)
          t = substr(t, i + 6)
        }
      }
      t = out t
      n = split(t, parts, "\001")
      out = parts[1]
      for (k = 2; k <= n; k++) out = out "\\" parts[k]
      return out
    }
    # One line, at most 200 bytes (never half a UTF-8 character), # doubled, a final ; escaped.
    function safe(v,   n, c, lead, need) {
      gsub(/[\001-\037\177]/, " ", v)
      if (length(v) > 200) {
        v = substr(v, 1, 200)
        for (n = 0; n < 4 && substr(v, length(v) - n, 1) >= "\200" && substr(v, length(v) - n, 1) < "\300"; n++);
        lead = substr(v, length(v) - n, 1)
        need = lead >= "\360" ? 4 : lead >= "\340" ? 3 : lead >= "\300" ? 2 : 1
        if (lead >= "\200" && need != n + 1) v = substr(v, 1, length(v) - n - 1)
      }
      gsub(/#/, "##", v)
      if (v ~ /;$/) v = substr(v, 1, length(v) - 1) "\\;"
      return v
    }
    END {
      v = find(key)
      if (v == "\001") exit 3
      v = decode(v)
      if (key2 != "") {
        w = find(key2)
        if (w != "\001") v = v ": " decode(w)
      }
      printf "%s", raw == "1" ? v : safe(v)
    }'
}

detail=
case $event in
  prompt)
    # The receipt: the first 16 hex digits of the sha256 of the prompt as the CLI reports it.
    if command -v sha256sum >/dev/null 2>&1; then sum='sha256sum'
    elif command -v shasum >/dev/null 2>&1; then sum='shasum -a 256'
    else sum='openssl dgst -sha256 -r'
    fi
    # Straight from awk to the digest, so that no byte of the prompt is lost to the shell. No prompt (json found
    # none, or it is empty: no CLI submits an empty prompt) is the digest of nothing, and writes no event.
    digest=$(RAW=1 json prompt | $sum 2>/dev/null) || exit 0
    detail=$(printf '%.16s' "$digest")
    [ "$detail" != e3b0c44298fc1c14 ] || exit 0
    case $detail in *[!0-9a-f]*) exit 0 ;; esac
    [ ${#detail} -eq 16 ] || exit 0
    ;;
  tool) detail=$(json tool_name) ;;
  permission)
    if ! detail=$(json tool_name); then
      # Gemini CLI says so in a Notification without the tool: it is the one its BeforeTool named just before.
      kind=$(RAW=1 json notification_type) || kind=
      case $kind in
        ToolPermission) detail='#{s/^[0-9]+ [0-9]+ //:@tmux-orc-hook-tool}' ;;
        '') detail= ;;
        *) exit 0 ;;
      esac
    fi
    ;;
  error) detail=$(json error last_assistant_message) || detail=$(json message) || detail= ;;
  session) detail=$(json session_id) || detail= ;;
  stop)
    if [ "$2" = --payload-arg ]; then
      # Codex's notify also reports the turns of the side thread that names the session: not the agent's turn.
      type=$(RAW=1 json type) || exit 0
      [ "$type" = agent-turn-complete ] || exit 0
      case $payload in *'"input-messages":["Generate a concise, single-line task title'*) exit 0 ;; esac
    fi
    ;;
esac

ms=$(date +%s%3N 2>/dev/null)
case $ms in
  '' | *[!0-9]*) ms=$(date +%s)000 ;;
esac
value="#{@tmux-orc-hook-seq} $ms${detail:+ $detail}"
tmux -S "$socket" \
  set-option -p -F -t "$TMUX_PANE" @tmux-orc-hook-seq '#{e|+:#{@tmux-orc-hook-seq},1}' \; \
  set-option -p -F -t "$TMUX_PANE" "@tmux-orc-hook-$event" "$value" \; \
  set-option -p -F -t "$TMUX_PANE" @tmux-orc-hook-last "#{@tmux-orc-hook-seq} $event" \; \
  wait-for -S tmux-orc-hook </dev/null >/dev/null 2>&1
exit 0
