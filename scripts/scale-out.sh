#!/usr/bin/env bash
# A real single-node Slurm (slurmctld + slurmd + munge) and Open MPI with mpi4py, from Debian's packages,
# for the scale-out tests (after ../shared/reference/scale-out/). No systemd, no cgroups.
#   scale-out.sh install   the packages, only when missing (root or sudo)
#   scale-out.sh start     the daemons; prints `export SLURM_CONF=…` (the tests' own configuration file and
#                          ports, so a machine's real Slurm is neither used nor touched)
#   scale-out.sh stop      cancels the test cluster's jobs and stops what `start` started, by pid file only
# State, logs and pid files: $IPP_SCALE_OUT_DIR (default /tmp/ipp-engines-scale-out).
set -euo pipefail
dir=${IPP_SCALE_OUT_DIR:-/tmp/ipp-engines-scale-out}
conf=$dir/slurm.conf
export SLURM_CONF=$conf
sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Stops pid $1 if it is still the program $2 (a recycled pid is left alone).
stop_pid() {
  local pid=$1 name=$2
  kill -0 "$pid" 2>/dev/null || return 0
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || { echo "pid $pid is no longer $name; left alone" >&2; return 0; }
  $sudo_cmd kill -TERM "$pid"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  $sudo_cmd kill -KILL "$pid"
}

case "${1:-}" in
install)
  if ! command -v slurmctld >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null \
     || ! command -v mpiexec >/dev/null || ! /usr/bin/python3 -c 'import mpi4py' 2>/dev/null \
     || ! command -v sshd >/dev/null || ! command -v ssh >/dev/null; then
    echo "Installing Slurm, munge, Open MPI, mpi4py and OpenSSH from Debian (scale-out and multi-host tests)" >&2
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
      slurmctld slurmd slurm-client munge openmpi-bin python3-mpi4py openssh-server openssh-client >/dev/null
  fi
  ;;
start)
  host=$(hostname -s)
  mkdir -p "$dir/ctld" "$dir/d"
  # munge: reuse a running one (its pid file is not ours to stop), else start it as the munge user.
  if ! munge -n >/dev/null 2>&1; then
    [ -s /etc/munge/munge.key ] || $sudo_cmd mungekey --create --keyfile=/etc/munge/munge.key
    $sudo_cmd chown munge:munge /etc/munge/munge.key && $sudo_cmd chmod 0600 /etc/munge/munge.key
    $sudo_cmd mkdir -p /run/munge /var/log/munge /var/lib/munge
    $sudo_cmd chown munge:munge /run/munge /var/log/munge /var/lib/munge
    $sudo_cmd runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
    cp /run/munge/munged.pid "$dir/munged.pid"
  fi
  # Advertises 8 CPUs on 2 cores (config_overrides): otherwise a 3-engine job pends for ever.
  cat > "$conf" <<EOF
ClusterName=ippengines
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/d
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
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
NodeName=$host NodeAddr=127.0.0.1 CPUs=8 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
# Jobs sent here pend for ever (Reason=PartitionDown): what a start must not wait for silently.
PartitionName=held Nodes=ALL Default=NO MaxTime=INFINITE State=DOWN
EOF
  alive "$dir/slurmctld.pid" || { rm -rf "$dir/ctld"/*; $sudo_cmd /usr/sbin/slurmctld -f "$conf" -c; }
  alive "$dir/slurmd.pid" || $sudo_cmd /usr/sbin/slurmd -f "$conf"
  state=""
  for _ in $(seq 100); do
    state=$(sinfo -h -n "$host" -o '%t' 2>/dev/null || true)
    [ "$state" = idle ] && break; sleep 0.2
  done
  [ "$state" = idle ] || { echo "Slurm node not idle: $state" >&2; tail -20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2; exit 1; }
  echo "export SLURM_CONF=$conf"
  ;;
stop)
  if alive "$dir/slurmctld.pid"; then
    jobs=$(squeue -h -o %i 2>/dev/null || true)
    [ -z "$jobs" ] || scancel $jobs || true
  fi
  [ -s "$dir/slurmd.pid" ] && stop_pid "$(cat "$dir/slurmd.pid")" slurmd
  [ -s "$dir/slurmctld.pid" ] && stop_pid "$(cat "$dir/slurmctld.pid")" slurmctld
  [ -s "$dir/munged.pid" ] && stop_pid "$(cat "$dir/munged.pid")" munged
  rm -f "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid"
  ;;
*)
  echo "usage: $0 install|start|stop" >&2
  exit 2
  ;;
esac
