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
ok=1
[ -n "$event" ] || ok=
case $TMUX_PANE in
  %*[!0-9]* | %) ok= ;;
  %*) ;;
  *) ok= ;;
esac
socket=${TMUX%%,*}
[ -n "$socket" ] || ok=
if [ -z "$ok" ]; then
  # The CLI writes the payload to a pipe: read it all, so that it never meets a closed one.
  [ "$2" = --payload-arg ] || cat >/dev/null
  exit 0
fi

# detail EVENT [--payload-arg JSON]: what the event carries, in one awk that reads the whole payload (from stdin, or
# for Codex's notify, which gives no stdin of ours, from the argument): the prompt as it is (for its digest), anything
# else made safe as a tmux format value. Exits 3 when the payload is not this event's.
detail() {
  if [ "$2" = --payload-arg ]; then
    printf '%s' "$3" | awk -v event="$1" -v notify=1 "$DETAIL"
  else
    awk -v event="$1" -v notify= "$DETAIL"
  fi
}
DETAIL='
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
    function field(k,   v) {
      v = find(k)
      return v == "\001" ? v : decode(v)
    }
    END {
      if (event == "prompt") {
        # No prompt prints nothing, which the digest tells (no CLI submits an empty prompt).
        if ((v = field("prompt")) != "\001") printf "%s", v
        exit 0
      }
      if (event == "tool") v = field("tool_name")
      else if (event == "session") v = field("session_id")
      else if (event == "error") {
        if ((v = field("error")) != "\001") {
          if ((w = field("last_assistant_message")) != "\001") v = v ": " w
        } else v = field("message")
      } else if (event == "permission" && (v = field("tool_name")) == "\001") {
        # Gemini CLI says so in a Notification without the tool: it is the one its BeforeTool named just before.
        w = field("notification_type")
        if (w == "ToolPermission") {
          printf "%s", "#{s/^[0-9]+ [0-9]+ //:@tmux-orc-hook-tool}"
          exit 0
        }
        if (w != "\001") exit 3
      } else if (event == "stop" && notify == "1") {
        # Codex notify: a turn of the agent, not one of the side thread that names the session.
        if (field("type") != "agent-turn-complete") exit 3
        if (index(s, "\"input-messages\":[\"Generate a concise, single-line task title")) exit 3
        # Its conversation (Codex has no session event without hooks of its own), on a line of its own.
        if ((w = field("thread-id")) != "\001") t = "\n" safe(w)
      }
      printf "%s%s", v == "\001" ? "" : safe(v), t
    }'

if [ "$event" = prompt ]; then
  # The receipt: the first 16 hex digits of the sha256 of the prompt as the CLI reports it, straight from awk to
  # the digest, so that no byte of it is lost to the shell. No prompt is the digest of nothing: no event.
  if command -v sha256sum >/dev/null 2>&1; then sum='sha256sum'
  elif command -v shasum >/dev/null 2>&1; then sum='shasum -a 256'
  else sum='openssl dgst -sha256 -r'
  fi
  digest=$(detail prompt "$2" "$3" | $sum 2>/dev/null) || exit 0
  value=$(printf '%.16s' "$digest")
  case $value in e3b0c44298fc1c14 | *[!0-9a-f]*) exit 0 ;; esac
  [ ${#value} -eq 16 ] || exit 0
else
  value=$(detail "$event" "$2" "$3") || exit 0
fi

# The conversation id, kept in the agent's private folder beside this script (session-id, made there by tmux-orc at
# each start) so that it outlives the tmux server and follows a CLI that forks a new id on resume or /clear: the
# session event's detail, or the thread id Codex's notify gives (the second line). Replaced atomically (mv).
nl='
'
sid=
case $event in
  session) sid=$value ;;
  stop)
    case $value in
      *"$nl"*) sid=${value#*"$nl"}; value=${value%%"$nl"*} ;;
    esac ;;
esac
dir=${0%/*}
case $sid in
  '' | *[!A-Za-z0-9_-]*) ;;
  *) if [ ${#sid} -le 128 ] && [ -f "$dir/session-id" ] && [ ! -L "$dir/session-id" ]; then
       printf '%s\n' "$sid" >"$dir/session-id.$$" 2>/dev/null && mv -f "$dir/session-id.$$" "$dir/session-id" 2>/dev/null
       rm -f "$dir/session-id.$$" 2>/dev/null
     fi ;;
esac

ms=$(date +%s%3N 2>/dev/null)
case $ms in
  '' | *[!0-9]*) ms=$(date +%s)000 ;;
esac
value="#{@tmux-orc-hook-seq} $ms${value:+ $value}"
tmux -S "$socket" \
  set-option -p -F -t "$TMUX_PANE" @tmux-orc-hook-seq '#{e|+:#{@tmux-orc-hook-seq},1}' \; \
  set-option -p -F -t "$TMUX_PANE" "@tmux-orc-hook-$event" "$value" \; \
  set-option -p -F -t "$TMUX_PANE" @tmux-orc-hook-last "#{@tmux-orc-hook-seq} $event" \; \
  wait-for -S tmux-orc-hook </dev/null >/dev/null 2>&1
exit 0
