#!/usr/bin/env bash
# The multi-host suite's test bed (after ../shared/reference/scale-out/multi-node.sh; npm test brings it up
# for suite 15-multi-host and down after it). A multi-host test bed on one machine: a "login" host and compute hosts "node1", "node2", each a
# network + PID + UTS + mount namespace of its own (own loopback, own address, own process table,
# own hostname), joined by a bridge that lives inside the login host's namespace (nothing is added to
# the machine's own network; no packet can leave it). The file system is shared, as NFS homes are on a
# real cluster. A real Slurm runs on it: slurmctld on login, one slurmd per compute host; and, where
# openssh-server is installed, an sshd per compute host that login reaches by key (`ssh node1`).
#
#   multi-node.sh up            set up hosts and Slurm (needs root; packages: see scale-out.md)
#   multi-node.sh on HOST CMD…  run CMD on login|node1|node2 (its network, processes, hostname)
#   multi-node.sh ps HOST       that host's process table (what a process there can see)
#   multi-node.sh down          cancel jobs, stop Slurm, end the hosts, remove the namespaces
#
# What a process on login sees is what a login node sees: its own processes only; the engines that
# Slurm starts on node1/node2 are not in its /proc, their pids are another host's, and 127.0.0.1 on a
# compute host is that host's own loopback. Addresses: login 10.231.7.1, node1 .11, node2 .12 (/24),
# names in a private /etc/hosts bind-mounted into every host.
set -euo pipefail
dir=${IPP_MULTI_DIR:-/tmp/ipp-engines-multi}
conf=$dir/slurm.conf
cpus=${IPP_MULTI_CPUS:-2}   # per compute host: 2 makes a 4-engine job span both hosts
hosts=(login node1 node2)
declare -A addr=([login]=10.231.7.1 [node1]=10.231.7.11 [node2]=10.231.7.12)
ns() { echo "ippe-$1"; }

# The pid of the host's first process (its "init"), through which we enter it.
hostpid() { cat "$dir/$1.pid"; }
on() {
  local h=$1; shift
  [ -s "$dir/$h.pid" ] || { echo "host $h is not up" >&2; exit 1; }
  nsenter -t "$(hostpid "$h")" --net --uts --pid --mount -- env SLURM_CONF="$conf" "$@"
}

up() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null \
    || { echo "install slurmctld slurmd slurm-client munge first" >&2; exit 1; }
  mkdir -p "$dir"
  {
    echo "127.0.0.1 localhost"
    for h in "${hosts[@]}"; do echo "${addr[$h]} $h"; done
  } > "$dir/hosts"
  # Network: one namespace per host; the bridge in login's.
  for h in "${hosts[@]}"; do
    ip netns list | grep -qw "$(ns "$h")" || ip netns add "$(ns "$h")"
    ip -n "$(ns "$h")" link set lo up
  done
  ip -n "$(ns login)" link show br0 >/dev/null 2>&1 || {
    ip -n "$(ns login)" link add br0 type bridge
    ip -n "$(ns login)" addr add "${addr[login]}/24" dev br0
    ip -n "$(ns login)" link set br0 up
  }
  for h in node1 node2; do
    ip -n "$(ns login)" link show "v-$h" >/dev/null 2>&1 && continue
    ip -n "$(ns login)" link add "v-$h" type veth peer name eth0 netns "$(ns "$h")"
    ip -n "$(ns login)" link set "v-$h" master br0 up
    ip -n "$(ns "$h")" addr add "${addr[$h]}/24" dev eth0
    ip -n "$(ns "$h")" link set eth0 up
  done
  # ssh from login to the compute hosts (key only, no prompts), for ipyparallel's SSH launchers.
  mkdir -p "$dir/ssh" "$dir/ssh-client" /root/.ssh /run/sshd
  [ -f "$dir/ssh/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh/host_ed25519"
  [ -f "$dir/ssh-client/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh-client/id_ed25519"
  cp "$dir/ssh-client/id_ed25519.pub" "$dir/ssh/authorized_keys"
  printf 'Host node1 node2\n  IdentityFile /root/.ssh/id_ed25519\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n  BatchMode yes\n' > "$dir/ssh-client/config"
  chmod 700 "$dir/ssh-client"; chmod 600 "$dir/ssh-client/config" "$dir/ssh-client/id_ed25519"
  # Hosts: a long-lived first process per host in new PID, UTS and mount namespaces.
  for h in "${hosts[@]}"; do
    [ -s "$dir/$h.pid" ] && kill -0 "$(hostpid "$h")" 2>/dev/null && continue
    # nsenter --net (not `ip netns exec`, which remounts /sys and hides the cgroup mounts slurmd needs).
    nsenter --net="/run/netns/$(ns "$h")" -- unshare --pid --uts --mount --fork --mount-proc --propagation private \
      bash -c "hostname $h; mount --bind '$dir/hosts' /etc/hosts; [ $h = login ] && mount --bind '$dir/ssh-client' /root/.ssh; trap : CHLD; while :; do sleep 3600 & wait \$!; done" </dev/null >/dev/null 2>&1 &
    # The host's first process (a bash that reaps orphans, as init does) is the child of unshare;
    # record its pid as seen from here.
    for _ in $(seq 50); do
      c=$(pgrep -P $! 2>/dev/null | head -1 || true)
      [ -n "$c" ] && [ "$(cat /proc/"$c"/comm)" = bash ] && break; sleep 0.1
    done
    echo "$c" > "$dir/$h.pid"
  done
  # munge: its socket is a file, so one munged serves every host.
  if ! munge -n >/dev/null 2>&1; then
    [ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
    chown munge:munge /etc/munge/munge.key && chmod 0600 /etc/munge/munge.key
    mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
    cp /run/munge/munged.pid "$dir/munged.pid"
  fi
  mkdir -p "$dir/ctld" "$dir/d-node1" "$dir/d-node2"
  cat > "$conf" <<EOF
ClusterName=ippemulti
SlurmctldHost=login(${addr[login]})
SlurmctldPort=16917
SlurmdPort=16918
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/d-%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd-%n.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=node1 NodeAddr=${addr[node1]} CPUs=$cpus State=UNKNOWN
NodeName=node2 NodeAddr=${addr[node2]} CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  [ -s "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null || { rm -rf "$dir/ctld"/*; on login /usr/sbin/slurmctld -f "$conf" -c; }
  for h in node1 node2; do
    [ -s "$dir/slurmd-$h.pid" ] && kill -0 "$(cat "$dir/slurmd-$h.pid")" 2>/dev/null && continue
    on "$h" /usr/sbin/slurmd -f "$conf" -N "$h"
  done
  if command -v sshd >/dev/null; then
    for h in node1 node2; do
      printf 'Port 22\nListenAddress %s\nHostKey %s\nPermitRootLogin prohibit-password\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nAuthorizedKeysFile %s\nStrictModes no\nUsePAM no\nPidFile %s\nSubsystem sftp /usr/lib/openssh/sftp-server\n' \
        "${addr[$h]}" "$dir/ssh/host_ed25519" "$dir/ssh/authorized_keys" "$dir/ssh/sshd-$h.pid" > "$dir/ssh/sshd_config-$h"
      [ -s "$dir/ssh/sshd-$h.pid" ] && on "$h" kill -0 "$(cat "$dir/ssh/sshd-$h.pid")" 2>/dev/null && continue
      on "$h" /usr/sbin/sshd -f "$dir/ssh/sshd_config-$h"
    done
  fi
  local state=""
  for _ in $(seq 150); do
    state=$(on login sinfo -h -o '%n=%t' 2>/dev/null | sort | tr '\n' ' ' || true)
    [ "$state" = "node1=idle node2=idle " ] && break; sleep 0.2
  done
  [ "$state" = "node1=idle node2=idle " ] || { echo "Slurm nodes not idle: $state" >&2; tail -5 "$dir"/*.log >&2; exit 1; }
  echo "multi-node bed up: login ${addr[login]}, node1 ${addr[node1]}, node2 ${addr[node2]}; SLURM_CONF=$conf"
}

# Stop pid $1 only if it is still program $2 (pid files can go stale).
stop_pid() {
  local pid=$1 name=$2
  kill -0 "$pid" 2>/dev/null || return 0
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 0
  kill -TERM "$pid"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

down() {
  if [ -s "$dir/login.pid" ] && kill -0 "$(hostpid login)" 2>/dev/null; then
    jobs=$(on login squeue -h -o %i 2>/dev/null || true)
    [ -z "$jobs" ] || on login scancel $jobs 2>/dev/null || true
  fi
  # slurmd/slurmctld pid files hold pids as seen inside their host: stop them from inside.
  for h in node1 node2; do
    [ -s "$dir/slurmd-$h.pid" ] && [ -s "$dir/$h.pid" ] && on "$h" kill -TERM "$(cat "$dir/slurmd-$h.pid")" 2>/dev/null || true
  done
  for h in node1 node2; do rm -f "$dir/ssh/sshd-$h.pid"; done
  [ -s "$dir/slurmctld.pid" ] && [ -s "$dir/login.pid" ] && on login kill -TERM "$(cat "$dir/slurmctld.pid")" 2>/dev/null || true
  sleep 1
  # Ending a host's first process ends every process of that host (its PID namespace goes).
  for h in "${hosts[@]}"; do
    [ -s "$dir/$h.pid" ] && stop_pid "$(hostpid "$h")" bash
    rm -f "$dir/$h.pid"
    ip netns del "$(ns "$h")" 2>/dev/null || true
  done
  [ -s "$dir/munged.pid" ] && stop_pid "$(cat "$dir/munged.pid")" munged
  rm -f "$dir"/slurmd-*.pid "$dir/slurmctld.pid" "$dir/munged.pid"
  echo "multi-node bed down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  on) shift; on "$@" ;;
  ps) on "$2" ps -eo pid,ppid,args ;;
  *) echo "usage: $0 up | on HOST CMD... | ps HOST | down" >&2; exit 2 ;;
esac
