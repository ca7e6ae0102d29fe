#!/bin/sh
# The sshd harness: opdeck through a real OpenSSH server, as the delegates will reach it.
#
# Starts Debian's sshd (openssh-server) as the current user on a free loopback port, with
# a throwaway host key, a throwaway user key in its own authorized_keys, no passwords, no
# forwarding, and a ForceCommand in a Match block (the conference-server recipe in the
# README); then connects with `ssh -tt` from a tmux pane and checks that
#   1. the forced command gets a TTY and draws at the pane's size, keys reach it;
#   2. `q` ends it with the remote terminal modes as they were, and the pane's own;
#   3. a dropped connection (the ssh client killed) ends the remote opdeck (SIGHUP), no
#      process is left behind, and the pane's terminal is restored.
# The forced command is `opdeck follow ROOM DATABASE` (FORCE below), following a presenter
# in another tmux pane: slide changes reach it through ssh, '.' breaks away and snaps back.
#
# Exit status: 0 passed, 1 failed, 77 skipped (sshd or ssh missing or unable to run: said
# plainly on stdout; run.sh counts it as skipped, never as passed).
# Usage: OPDECK=./opdeck sh tests/term/sshd.sh
#
# Serving for another test (run.sh's t_room_full): with SSHD_SERVE=FILE, SSHD_ROOM=ROOM and
# SSHD_DB=DATABASE (SSHD_DIR for its files) it starts the same sshd, forcing `opdeck follow
# ROOM DATABASE`, writes the ssh command line that reaches it to FILE and waits until it
# is killed (TERM), taking sshd with it; 77 as above when sshd cannot run.
set -u
OPDECK=$(cd "$(dirname "${OPDECK:-./opdeck}")" && pwd)/$(basename "${OPDECK:-./opdeck}")
here=$(pwd)
d=${SSHD_DIR:-$here/tests/out/term/sshd}
serve=${SSHD_SERVE:-}
SSHD=${SSHD:-/usr/sbin/sshd}
T="tmux -L opdeck-sshd-$$ -f /dev/null"
sshd_pid=""

skip() { echo "SKIPPED sshd: $*"; exit 77; }
fail() {
	echo "FAIL sshd: $*"
	$T capture-pane -p -t s >"$d/screen.txt" 2>/dev/null && sed 's/^/     | /' "$d/screen.txt" | head -30
	[ -f "$d/sshd.log" ] && sed 's/^/     sshd| /' "$d/sshd.log" | tail -15
	exit 1
}
cleanup() {
	$T kill-server 2>/dev/null
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
}
trap cleanup EXIT INT TERM

[ -x "$SSHD" ] || skip "$SSHD not found (Debian: apt-get install openssh-server)"
command -v ssh >/dev/null 2>&1 || skip "ssh not found (Debian: apt-get install openssh-client)"
command -v ssh-keygen >/dev/null 2>&1 || skip "ssh-keygen not found"
command -v tmux >/dev/null 2>&1 || skip "tmux not found"
user=$(id -un) || skip "no user name for uid $(id -u)"
# sshd insists on its privilege separation directory, even when it runs as one user.
if [ ! -d /run/sshd ]; then
	if [ "$(id -u)" = 0 ]; then
		mkdir -p -m 0755 /run/sshd || skip "cannot create /run/sshd"
	else
		skip "/run/sshd is missing and only root can create it"
	fi
fi

rm -rf "$d"
mkdir -p "$d" && chmod 700 "$d" || fail "cannot create $d"
ssh-keygen -q -t ed25519 -N '' -C opdeck-test-host -f "$d/host_key" </dev/null || fail "ssh-keygen (host key)"
ssh-keygen -q -t ed25519 -N '' -C opdeck-test-user -f "$d/user_key" </dev/null || fail "ssh-keygen (user key)"
room=$d/omd7.sock
db=$d/omd.db
if [ -n "$serve" ]; then
	room=$SSHD_ROOM
	db=$SSHD_DB
else
	"$OPDECK" sample "$db" >/dev/null || fail "cannot build the sample"
fi

# The forced command, wrapped to record its terminal before and after and its exit.
# (A trap, not an ignore: opdeck must get the SIGHUP of a dropped connection itself.)
cat >"$d/force.sh" <<EOF
#!/bin/sh
trap 'echo hup >"$d/remote-hup"' HUP
tty >'$d/remote-tty' 2>&1
stty -a >'$d/remote-stty-before' 2>&1
export LC_ALL=C.UTF-8
'$OPDECK' follow '$room' '$db'
echo "exit=\$?" >'$d/remote-exit'
stty -a >'$d/remote-stty-after' 2>&1
EOF
chmod 700 "$d/force.sh"
FORCE=${FORCE:-$d/force.sh}
# restrict: no forwarding of any kind, no ~/.ssh/rc, no agent; the TTY is allowed back.
printf 'restrict,pty %s\n' "$(cat "$d/user_key.pub")" >"$d/authorized_keys"
chmod 600 "$d/authorized_keys"

port_base=$(( 20000 + $$ % 20000 ))
started=0
for port in $port_base $((port_base + 1)) $((port_base + 7)) $((port_base + 13)) $((port_base + 29)); do
	cat >"$d/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $d/host_key
PidFile $d/sshd.pid
AuthorizedKeysFile $d/authorized_keys
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $user
AllowTcpForwarding no
AllowStreamLocalForwarding no
AllowAgentForwarding no
X11Forwarding no
PermitTunnel no
PermitUserEnvironment no
PermitTTY yes
ClientAliveInterval 5
LogLevel VERBOSE
Match User $user
	ForceCommand $FORCE
EOF
	"$SSHD" -t -f "$d/sshd_config" >"$d/sshd.log" 2>&1 || skip "sshd refuses the test configuration: $(tail -n 1 "$d/sshd.log")"
	"$SSHD" -D -e -f "$d/sshd_config" >"$d/sshd.log" 2>&1 &
	sshd_pid=$!
	i=0
	while [ $i -lt 50 ]; do
		grep -q "Server listening" "$d/sshd.log" && { started=1; break; }
		kill -0 "$sshd_pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	[ $started = 1 ] && break
	kill "$sshd_pid" 2>/dev/null
	wait "$sshd_pid" 2>/dev/null
	sshd_pid=""
	grep -q "Address already in use" "$d/sshd.log" || break
done
[ $started = 1 ] || skip "sshd cannot run here: $(tail -n 2 "$d/sshd.log" | tr '\n' ' ')"

if [ -n "$serve" ]; then
	printf '%s\n' "ssh -tt -F /dev/null -p $port -i '$d/user_key' -o IdentitiesOnly=yes -o BatchMode=yes \
-o StrictHostKeyChecking=no -o UserKnownHostsFile='$d/known_hosts' -o LogLevel=ERROR $user@127.0.0.1" >"$serve.tmp" &&
		mv "$serve.tmp" "$serve"
	wait "$sshd_pid"
	exit 0
fi

# A session that lives for the whole run: killing the test's session must never take the
# tmux server down, or the next new-session races the server's exit.
$T new-session -d -s keep "sleep 100000" || fail "tmux cannot start"

SSH="ssh -tt -F /dev/null -p $port -i '$d/user_key' -o IdentitiesOnly=yes -o BatchMode=yes \
-o StrictHostKeyChecking=no -o UserKnownHostsFile='$d/known_hosts' -o LogLevel=ERROR $user@127.0.0.1"

# connect NAME COLSxROWS: a fresh pane running ssh (its pid in $d/ssh-NAME.pid) with the
# pane's own terminal modes saved before and after.
connect() {
	name=$1; cols=${2%x*}; rows=${2#*x}
	rm -f "$d/remote-"*
	$T kill-session -t s 2>/dev/null
	$T new-session -d -s s -x "$cols" -y "$rows" \
		"export TERM=xterm-256color; stty -a >'$d/stty-before-$name'; sh -c 'echo \$\$ >\"$d/ssh-$name.pid\"; exec $SSH'; echo \"exit=\$?\" >'$d/exit-$name'; stty -a >'$d/stty-after-$name'; sleep 30" ||
		fail "tmux cannot start"
}
screen() { $T capture-pane -p -t s; }
wait_for() { # TEXT [SECONDS]
	i=0
	while [ $i -lt $(( ${2:-10} * 10 )) ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
wait_file() { # FILE [SECONDS]
	i=0
	while [ $i -lt $(( ${2:-10} * 10 )) ]; do
		[ -s "$1" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# The presenter, in its own pane on this host, publishing to the room the forced command follows.
$T new-session -d -s p -x 120 -y 40 "cd '$here'; export LC_ALL=C.UTF-8 TERM=xterm-256color; exec '$OPDECK' --session '$here/sample-data/omd7-closing.yaml' --room '$d/omd7.sock' '$db'" ||
	fail "tmux cannot start the presenter"

# 1 and 2: a TTY at the pane's size, the presenter's slides reach the follower, '.' breaks
# away and snaps back, q restores both terminals.
connect quit 100x30
wait_for "following · slide 1 / 8" 20 || fail "the follower did not appear through ssh"
grep -q '^/dev/pts/' "$d/remote-tty" || fail "the forced command has no TTY: $(cat "$d/remote-tty")"
grep -q "rows 30; columns 100" "$d/remote-stty-before" || fail "the remote TTY is not 100x30: $(head -n 1 "$d/remote-stty-before")"
$T send-keys -t p n
wait_for "following · slide 2 / 8" || fail "the presenter's slide change did not reach the follower through ssh"
$T send-keys -t s .
wait_for "on your own" || fail "'.' sent through ssh did not break away"
$T send-keys -t p n
wait_for "(presenter on slide 3)" || fail "the follower on its own does not say where the presenter is"
$T send-keys -t s .
wait_for "following · slide 3 / 8" || fail "'.' sent through ssh did not snap back"
$T send-keys -t s q
wait_file "$d/remote-exit" || fail "opdeck did not exit after q"
grep -q "exit=0" "$d/remote-exit" || fail "opdeck exited with $(cat "$d/remote-exit")"
wait_file "$d/remote-stty-after" || fail "the forced command did not finish"
cmp -s "$d/remote-stty-before" "$d/remote-stty-after" || fail "the remote terminal modes were not restored after q"
wait_file "$d/stty-after-quit" || fail "ssh did not end after q"
cmp -s "$d/stty-before-quit" "$d/stty-after-quit" || fail "the pane's terminal modes differ after ssh"

# 3: the connection drops (the delegate's laptop lid closes): the remote opdeck gets
# SIGHUP and ends, nothing is left behind, the pane's terminal is restored.
connect drop 80x24
wait_for "following · slide 3 / 8" 20 || fail "the follower did not appear through ssh (second connection)"
wait_file "$d/ssh-drop.pid" || fail "no pid for the ssh client"
kill -TERM "$(cat "$d/ssh-drop.pid")" || fail "cannot stop the ssh client"
wait_file "$d/remote-exit" 15 || fail "the remote opdeck is still running after the connection dropped"
wait_file "$d/stty-after-drop" || fail "the pane did not get its shell back"
cmp -s "$d/stty-before-drop" "$d/stty-after-drop" || fail "the pane's terminal modes differ after the drop"

echo "ok   sshd (port $port, ForceCommand opdeck follow, TTY, slide changes, . away and back, q and a dropped connection restore the terminal)"
exit 0
