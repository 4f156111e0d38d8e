#!/usr/bin/env python3
"""Mutation run over the security-critical points of testing/mutants/catalogue.toml (issue 17).

Each catalogued mutant is one small careless change (skip a MAC check, a wrong KDF constant, a
lock-out off by one). The run applies each alone to a scratch copy of the tree, rebuilds and runs
the tests: a mutant that every test survives marks a security property that nothing checks.
docs/mutants.md is the manual.

  scripts/mutants.py --check         every `find` occurs exactly once in its file (fast, no build;
                                     the ctest mutants.catalogue)
  scripts/mutants.py --list          the catalogue
  scripts/mutants.py [--only a,b]    the run (`make mutants`): scratch copy in build/mutants/src,
                                     baseline, then each mutant; report in build/mutants/report.md

Exit status of the run: 0 when every mutant that is not equivalent was killed, 1 when one survived
or did not build, 2 when the run could not start (bad catalogue, red baseline), 130 on Ctrl-C.
Python 3.11 standard library only.
"""

import argparse
import datetime
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "testing" / "mutants" / "catalogue.toml"
OUT = ROOT / "build" / "mutants"  # under the ignored build/ (.gitignore)
SRC = OUT / "src"  # the scratch copy; its own build dir is SRC/build/<PRESET>
LOGS = OUT / "logs"
# TMPDIR (and gtest's TEST_TMPDIR) of every command: a test killed by --stop-on-failure, or one
# that keeps its temp dir, leaves nothing in /tmp. Emptied before each command, removed at exit.
TMP = OUT / "tmp"
REPORT = OUT / "report.md"
PRESET = "dev"
# The catalogue check itself fails once a target is mutated, so it must not count as the kill.
SELF_TEST = r"^mutants\.catalogue$"

REQUIRED = ("id", "file", "find", "replace", "property")
OPTIONAL = ("tests", "equivalent")
ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

KILLED, SURVIVED, BUILD_FAILED, EQUIVALENT = "killed", "survived", "build failed", "equivalent"


# --- The catalogue ------------------------------------------------------------------------------


def load_catalogue(path):
    """Returns the list of [[mutant]] tables, or exits 2 when the file is not TOML."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        sys.exit(f"mutants: cannot read {path.relative_to(ROOT)}: {e}")
    mutants = data.get("mutant", [])
    if not isinstance(mutants, list):
        sys.exit(f"mutants: {path.relative_to(ROOT)}: 'mutant' must be an array of tables")
    return mutants


def occurrences(text, snippet):
    """Counts `snippet` in `text`, overlapping matches included (they would be ambiguous too)."""
    n, i = 0, text.find(snippet)
    while i != -1:
        n += 1
        i = text.find(snippet, i + 1)
    return n


def check_catalogue(mutants, tree):
    """Returns one line per problem of `mutants` against the files under `tree` (empty: all good)."""
    problems = []
    seen = set()
    for n, m in enumerate(mutants, 1):
        name = m.get("id") if isinstance(m.get("id"), str) else f"entry {n}"
        bad = lambda why, name=name: problems.append(f"{name}: {why}")
        for key in REQUIRED:
            if not isinstance(m.get(key), str):
                bad(f"'{key}' is missing or not a string")
        for key in m:
            if key not in REQUIRED + OPTIONAL:
                bad(f"unknown key '{key}'")
        for key in OPTIONAL:
            if key in m and (not isinstance(m[key], str) or not m[key].strip()):
                bad(f"'{key}' must be a non-empty string")
        if not all(isinstance(m.get(k), str) for k in REQUIRED):
            continue
        if not ID_RE.fullmatch(m["id"]):
            bad("id must be kebab-case (a-z, 0-9, '-')")
        if m["id"] in seen:
            bad("duplicate id")
        seen.add(m["id"])
        if not m["property"].strip():
            bad("'property' is empty")
        if "tests" in m and isinstance(m["tests"], str):
            try:
                re.compile(m["tests"])
            except re.error as e:
                bad(f"'tests' is not a regex: {e}")
        if not m["find"]:
            bad("'find' is empty")
            continue
        if m["replace"] == m["find"]:
            bad("'replace' is the same as 'find'")
        rel = Path(m["file"])
        path = tree / rel
        if rel.is_absolute() or ".." in rel.parts or not path.is_file():
            bad(f"file '{m['file']}' is not a file of the repository")
            continue
        count = occurrences(path.read_text(encoding="utf-8"), m["find"])
        if count != 1:
            where = "no longer occurs" if count == 0 else f"occurs {count} times"
            bad(f"'find' {where} in {m['file']} (it must occur exactly once: re-target the "
                "mutant, do not delete it)")
    return problems


# --- The scratch copy ---------------------------------------------------------------------------


def tree_files():
    """Tracked and untracked-but-not-ignored files of the working tree, as `git ls-files` names."""
    out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"],
                         check=True, capture_output=True).stdout
    names = {n for n in out.decode("utf-8", "surrogateescape").split("\0") if n}
    # A tracked file deleted in the working tree is listed too: it is not part of the tree.
    return sorted(n for n in names
                  if not n.startswith("build/") and os.path.lexists(ROOT / n))


def write_fresh(path, data):
    """Writes `data` to `path` with a new mtime, so the next build recompiles what depends on it."""
    path.write_bytes(data)
    os.utime(path, None)


def sync_scratch():
    """Makes SRC (but not SRC/build) a copy of the working tree and returns how many files changed.

    Only files whose content differs are rewritten (with a new mtime): the kept build dir stays
    incremental, and a file left mutated by an interrupted run is rebuilt. Copying with the old
    mtimes instead could leave an object built from a mutant looking newer than its source."""
    files = tree_files()
    changed = 0
    for rel in files:
        src, dst = ROOT / rel, SRC / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            target = os.readlink(src)
            if not dst.is_symlink() or os.readlink(dst) != target:
                if os.path.lexists(dst):
                    dst.unlink()
                os.symlink(target, dst)
                changed += 1
            continue
        data = src.read_bytes()
        if dst.is_symlink() or not dst.is_file() or dst.read_bytes() != data:
            if dst.is_symlink():
                dst.unlink()
            write_fresh(dst, data)
            changed += 1
        os.chmod(dst, src.stat().st_mode & 0o7777)  # the test scripts must stay executable
    wanted = set(files)
    for dirpath, dirnames, filenames in os.walk(SRC, topdown=True):
        rel_dir = Path(dirpath).relative_to(SRC)
        if rel_dir == Path("."):
            dirnames[:] = [d for d in dirnames if d != "build"]
        for name in filenames:
            rel = (rel_dir / name).as_posix()
            if rel not in wanted:
                (Path(dirpath) / name).unlink()
                changed += 1
    for dirpath, dirnames, filenames in os.walk(SRC, topdown=False):
        if Path(dirpath) != SRC and not dirnames and not filenames and \
                Path(dirpath).relative_to(SRC).parts[0] != "build":
            os.rmdir(dirpath)
    return changed


# --- Commands -----------------------------------------------------------------------------------


def kill_group(proc):
    """Ends the process group we started for `proc` (ctest or the build and their children)."""
    for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            pass


def run(cmd, log):
    """Runs `cmd` in SRC with its output in `log`; returns (exit status, output)."""
    shutil.rmtree(TMP, ignore_errors=True)
    TMP.mkdir(parents=True)
    env = dict(os.environ, TMPDIR=str(TMP), TEST_TMPDIR=str(TMP))
    with open(log, "w", encoding="utf-8") as f:
        f.write("$ " + " ".join(cmd) + "\n")
        f.flush()
        # A session of its own, so that an interrupt ends the whole tree of processes we started.
        proc = subprocess.Popen(cmd, cwd=SRC, env=env, stdout=f, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            rc = proc.wait()
        except BaseException:
            kill_group(proc)
            raise
    return rc, log.read_text(encoding="utf-8", errors="replace")


FAILED_LINE = re.compile(r"Test\s+#\d+: (\S+) \.*.*\*\*\*")
FAILED_SUMMARY = re.compile(r"^\s*\d+ - (\S+) \(", re.M)


def first_failure(output):
    """Names the first test that failed in ctest `output` (in the order they finished), or None."""
    for line in output.splitlines():
        m = FAILED_LINE.search(line)
        if m:
            return m.group(1)
    summary = output.split("The following tests FAILED:", 1)
    if len(summary) == 2:
        m = FAILED_SUMMARY.search(summary[1])
        if m:
            return m.group(1)
    return None


def ctest(*args):
    return ["ctest", "--preset", PRESET, *args]


# --- The run ------------------------------------------------------------------------------------


def restore(path, original):
    """Puts `original` back with a fresh mtime: newer than the objects built from the mutant, so
    the next build recompiles them (an old mtime would leave the mutant in the binaries)."""
    write_fresh(path, original)


def run_mutant(m, log_prefix):
    """Applies `m` in SRC, builds, tests, restores. Returns (result, killing test or note)."""
    path = SRC / m["file"]
    original = path.read_bytes()
    text = original.decode("utf-8")
    if occurrences(text, m["find"]) != 1:  # checked at the start; the copy is ours
        return BUILD_FAILED, "target not found in the scratch copy"
    try:
        write_fresh(path, text.replace(m["find"], m["replace"], 1).encode("utf-8"))
        rc, _ = run(["cmake", "--build", "--preset", PRESET], Path(f"{log_prefix}.build.log"))
        if rc != 0:
            return BUILD_FAILED, f"see {Path(log_prefix + '.build.log').relative_to(ROOT)}"
        note = ""
        if "tests" in m:
            rc, out = run(ctest("-R", m["tests"], "-E", SELF_TEST, "--no-tests=error",
                                "--stop-on-failure"), Path(f"{log_prefix}.tests.log"))
            if rc != 0:
                killer = first_failure(out)
                if killer:
                    return KILLED, killer
                note = " (its tests regex matched no test)"
        rc, out = run(ctest("-E", SELF_TEST, "--stop-on-failure"), Path(f"{log_prefix}.suite.log"))
        if rc != 0:
            return KILLED, (first_failure(out) or f"ctest exit {rc}") + note
        return SURVIVED, note.strip()
    finally:
        restore(path, original)


def git_revision():
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              check=True, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"],
                               check=True, capture_output=True, text=True).stdout.strip()
        return head + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def report(rows, started, baseline_s, complete, revision):
    """Returns the Markdown report of `rows` (id, property, result, killer, seconds) on the tree
    `revision` (as it was when the scratch copy was taken)."""
    counted = [r for r in rows if r[2] != EQUIVALENT]
    killed = sum(1 for r in counted if r[2] == KILLED)
    total_s = time.monotonic() - started
    lines = [
        "# Mutation run",
        "",
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- tree: {revision}",
        f"- mutants: {len(rows)} ({len(rows) - len(counted)} equivalent, not run)"
        + ("" if complete else " — INTERRUPTED, partial"),
        f"- score: {killed} / {len(counted)} killed"
        + (f" ({100 * killed / len(counted):.0f} %)" if counted else ""),
        f"- duration: {total_s / 60:.1f} min (baseline build and suite {baseline_s / 60:.1f} min)",
        "",
        "| id | property | result | killed by | s |",
        "|---|---|---|---|---|",
    ]
    for mid, prop, result, killer, secs in rows:
        shown = result.upper() if result in (SURVIVED, BUILD_FAILED) else result
        lines.append(f"| {mid} | {cell(prop)} | {shown} | {cell(killer)} | {secs:.0f} |")
    return "\n".join(lines) + "\n"


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="check the catalogue against the working tree and exit (no build)")
    parser.add_argument("--list", action="store_true", help="print the catalogue and exit")
    parser.add_argument("--only", metavar="ID,ID", help="run only these mutants")
    args = parser.parse_args()

    mutants = load_catalogue(CATALOGUE)
    if args.list:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `--list | head` ends quietly
        for m in mutants:
            flag = "  [equivalent]" if "equivalent" in m else ""
            print(f"{m.get('id')}  {m.get('file')}{flag}\n    {m.get('property')}")
        return 0
    if args.check:
        problems = check_catalogue(mutants, ROOT)
        for p in problems:
            print(f"{CATALOGUE.relative_to(ROOT)}: {p}")
        if problems:
            return 1
        print(f"{CATALOGUE.relative_to(ROOT)}: {len(mutants)} mutants, every target found once")
        return 0

    selected = mutants
    if args.only:
        wanted = [w for w in args.only.split(",") if w]
        unknown = sorted(set(wanted) - {m.get("id") for m in mutants})
        if unknown:
            print(f"mutants: no such mutant: {', '.join(unknown)}", file=sys.stderr)
            return 2
        selected = [m for m in mutants if m.get("id") in wanted]

    OUT.mkdir(parents=True, exist_ok=True)
    # Two runs at once would mutate and rebuild the same scratch copy under each other.
    lock = open(OUT / "lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"mutants: another run is using {OUT.relative_to(ROOT)}; wait for it to end",
              file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, interrupt)
    started = time.monotonic()
    rows = []
    complete = False
    baseline_s = 0.0
    revision = "unknown"
    try:
        LOGS.mkdir(exist_ok=True)
        for old in LOGS.glob("*.log"):
            old.unlink()
        revision = git_revision()  # before the copy: the user may commit during the run
        changed = sync_scratch()
        print(f"mutants: scratch copy {SRC.relative_to(ROOT)} refreshed ({changed} files changed)")
        # Checked on the copy: the tree under test is the snapshot, whatever happens in ROOT now.
        problems = check_catalogue(selected, SRC)
        if problems:
            for p in problems:
                print(f"{CATALOGUE.relative_to(ROOT)}: {p}", file=sys.stderr)
            return 2

        print("mutants: baseline: configure, build, whole suite ...", flush=True)
        for step, cmd in (("configure", ["cmake", "--preset", PRESET]),
                          ("build", ["cmake", "--build", "--preset", PRESET]),
                          ("suite", ctest())):
            log = LOGS / f"baseline.{step}.log"
            rc, out = run(cmd, log)
            if rc != 0:
                failed = first_failure(out) if step == "suite" else None
                print(f"mutants: the baseline {step} failed{': ' + failed if failed else ''}; "
                      f"fix the tree first (log: {log.relative_to(ROOT)})", file=sys.stderr)
                return 2
        baseline_s = time.monotonic() - started
        print(f"mutants: baseline green in {baseline_s:.0f} s; {len(selected)} mutants", flush=True)

        for n, m in enumerate(selected, 1):
            t0 = time.monotonic()
            if "equivalent" in m:
                result, killer = EQUIVALENT, "not run: " + m["equivalent"].split(". ")[0]
            else:
                result, killer = run_mutant(m, str(LOGS / m["id"]))
            secs = time.monotonic() - t0
            rows.append((m["id"], m["property"], result, killer, secs))
            print(f"[{n}/{len(selected)}] {m['id']}: {result}"
                  f"{' by ' + killer if result == KILLED else ''} ({secs:.0f} s)", flush=True)
        complete = True
    except KeyboardInterrupt:
        print("\nmutants: interrupted; no file is left mutated", file=sys.stderr)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
        if rows or complete:
            text = report(rows, started, baseline_s, complete, revision)
            REPORT.write_text(text, encoding="utf-8")
            print("\n" + text)
            print(f"mutants: report in {REPORT.relative_to(ROOT)}, logs in {LOGS.relative_to(ROOT)}")
    if not complete:
        return 130
    bad = [r for r in rows if r[2] in (SURVIVED, BUILD_FAILED)]
    for mid, prop, result, _, _ in bad:
        print(f"mutants: {result.upper()}: {mid}: {prop}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
