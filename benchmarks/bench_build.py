"""Build benchmark: kgnotes build on synthetic corpora, against plain jieba.

    python benchmarks/bench_build.py                          # 1,000 and 10,000 notes
    python benchmarks/bench_build.py --sizes 1000 --profile   # + cProfile top functions
    python benchmarks/bench_build.py --sizes 10000 --jieba-sample 0.1

For each size: generate the corpus with ``synth.py`` (cached in
``--workdir`` by size, seed and source fingerprint), run each scenario as a
fresh ``kgnotes build`` subprocess, and print one table row per scenario:
notes, MB of text, wall seconds, notes/s, MB/s, peak RSS (the largest single
process, from ``wait4``) and peak RSS of the whole process tree (psutil,
sampled every 0.1 s, in case the build forks workers).

The reference peer is the common recipe, ``jieba.lcut`` over every note's
text (dictionary loaded beforehand, not timed). ``build / jieba`` is the
ratio to quote: it carries over between machines better than seconds do.
``--jieba-sample F`` times jieba on a seeded fraction of the notes and
extrapolates linearly by characters (it says so in the output).

Scenarios are functions ``scenario_<name>(ctx) -> Measurement`` registered in
``SCENARIOS``; ``cold`` always runs first (empty output folder). The rebuild
scenarios (``warm``: nothing changed; ``edit``/``add``/``delete`` one note;
``prose``: one note gains a sentence that defines nothing)
run on a working copy of the corpus and reuse the cold build's output folder;
they are on by default when ``kgnotes build --help`` offers ``--full`` (i.e.
the build is incremental), and can be asked for with ``--scenarios``.
"""
from __future__ import annotations

import argparse
import cProfile  # noqa: F401  (documented: --profile runs the build under it)
import datetime as _dt
import json
import os
import platform
import pstats
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import synth

POLL = 0.1


# ---------------------------------------------------------------- measuring


@dataclass
class Measurement:
    scenario: str
    notes: int
    mb: float  # MB (10^6 bytes) of note files
    wall: float = 0.0
    user: float = 0.0
    sys: float = 0.0
    rss_mb: float = 0.0  # largest single process (ru_maxrss via wait4)
    tree_rss_mb: float = 0.0  # sampled sum over the process tree
    rc: int = 0
    timed_out: bool = False
    summary: dict = field(default_factory=dict)  # what `kgnotes build` printed
    note: str = ""
    stages: dict = field(default_factory=dict)  # kg.build["timings"]: seconds per stage (ints are counts)
    code_changed: bool = False  # kgnotes/ changed while this build ran (its cache is keyed by the code)
    code_fp: str = ""

    @property
    def notes_per_s(self) -> float:
        return self.notes / self.wall if self.wall else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.mb / self.wall if self.wall else 0.0


def _tree_rss(pid: int) -> int:
    try:
        import psutil
    except ImportError:
        return 0
    try:
        p = psutil.Process(pid)
        procs = [p, *p.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.Error:
            pass
    return total


MAX_RSS_GB = 12.0  # a build whose process tree grows past this is killed (set by --max-rss-gb)


def run_measured(cmd: list[str], timeout: float, cwd: Path = REPO) -> dict:
    """Run ``cmd`` as a fresh process; wall time, CPU, peak RSS, output.
    Killed (with its process group) after ``timeout`` s or past MAX_RSS_GB."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, text=True, encoding="utf-8", errors="replace")
    # Drain pipes in threads so a chatty child never blocks.
    import threading

    bufs = {"out": [], "err": []}

    def drain(stream, key):
        for line in stream:
            bufs[key].append(line)

    threads = [threading.Thread(target=drain, args=(proc.stdout, "out"), daemon=True),
               threading.Thread(target=drain, args=(proc.stderr, "err"), daemon=True)]
    for t in threads:
        t.start()
    peak_tree = 0
    timed_out = False
    killed = ""
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak_tree = max(peak_tree, _tree_rss(proc.pid))
        if time.perf_counter() - t0 > timeout:
            killed = f"timed out after {timeout:.0f} s"
        elif peak_tree > MAX_RSS_GB * 2**30:
            killed = f"killed at {peak_tree / 2**30:.1f} GB RSS (limit --max-rss-gb {MAX_RSS_GB:g})"
        if killed:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(POLL)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in threads:
        t.join(timeout=5)
    return {
        "wall": wall,
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,  # Linux: KiB
        "tree_rss_mb": peak_tree / 2**20,
        "rc": proc.returncode,
        "timed_out": timed_out,
        "killed": killed,
        "stdout": "".join(bufs["out"]),
        "stderr": "".join(bufs["err"]),
    }


def parse_summary(stdout: str) -> dict:
    """The counts `kgnotes build` prints (notes read, concepts, ...)."""
    out = {}
    for key in ("notes read", "concepts", "relations", "references", "warnings", "seconds"):
        m = re.search(rf"^\s*{key}\s+([\d.]+)", stdout, re.MULTILINE)
        if m:
            out[key.split()[0]] = float(m.group(1)) if "." in m.group(1) else int(m.group(1))
    return out


# The real CLI (`kgnotes ...`), run by a driver that also reports the stage
# timings kgnotes.pipeline.build() keeps in kg.build["timings"] (the CLI does
# not print them). If that hook ever breaks, the CLI still runs unchanged.
_DRIVER = r"""
import json, sys
try:
    import kgnotes.pipeline as _p
    _orig, _cap = _p.build, {}
    def _build(*a, **k):
        kg = _orig(*a, **k)
        _cap["timings"] = dict((getattr(kg, "build", None) or {}).get("timings") or {})
        return kg
    _p.build = _build
except Exception:
    _cap = {}
from kgnotes.cli import main
try:
    main(sys.argv[1:], prog_name="kgnotes")
finally:
    print("KGNOTES_TIMINGS " + json.dumps(_cap.get("timings", {})), file=sys.stderr)
"""


def kgnotes_cmd(*args: str) -> list[str]:
    return [sys.executable, "-c", _DRIVER, *args]


def parse_timings(stderr: str) -> dict:
    m = re.search(r"^KGNOTES_TIMINGS (.*)$", stderr, re.MULTILINE)
    try:
        return json.loads(m.group(1)) if m else {}
    except ValueError:
        return {}


def code_fingerprint() -> str:
    """Hash of kgnotes/ (sources and data files), to flag builds that ran
    while someone edited the code: the build cache is keyed by the code."""
    import hashlib

    h = hashlib.sha1()
    root = REPO / "kgnotes"
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:12]


def build_supports(flag: str) -> bool:
    r = subprocess.run(kgnotes_cmd("build", "--help"), capture_output=True, text=True, cwd=REPO, check=False)
    return flag in r.stdout


# ---------------------------------------------------------------- corpora


def corpus_stats(root: Path) -> tuple[int, int, int]:
    """(notes, bytes, characters) of the .md files under root."""
    files = sorted(root.rglob("*.md"))
    nbytes = nchars = 0
    for f in files:
        data = f.read_bytes()
        nbytes += len(data)
        nchars += len(data.decode("utf-8"))
    return len(files), nbytes, nchars


def cached_corpus(workdir: Path, n: int, seed: int, source: Path | None) -> Path:
    """The synthetic corpus for (n, seed), regenerated if the source changed."""
    out = workdir / f"corpus-{n}-s{seed}"
    fp = synth.source_fingerprint(source)
    manifest = out / synth.MANIFEST
    if manifest.exists():
        m = json.loads(manifest.read_text(encoding="utf-8"))
        if m.get("source_fingerprint") == fp and m.get("notes") == n and m.get("seed") == seed:
            return out
    t0 = time.perf_counter()
    synth.generate(n, out, seed=seed, source=source)
    print(f"  generated {n} notes in {time.perf_counter() - t0:.1f} s -> {out}", file=sys.stderr)
    return out


# ---------------------------------------------------------------- scenarios


@dataclass
class Context:
    n: int
    seed: int
    corpus: Path  # the cached, pristine corpus
    work: Path  # per-size scratch folder
    timeout: float
    mb: float
    chars: int
    results: list[Measurement] = field(default_factory=list)
    _work_corpus: Path | None = None

    @property
    def out(self) -> Path:
        return self.work / "output"

    def work_corpus(self) -> Path:
        """A mutable copy of the corpus (for edit/add/delete), made once."""
        if self._work_corpus is None:
            dst = self.work / "corpus"
            if dst.exists():
                shutil.rmtree(dst)
            shutil.copytree(self.corpus, dst)
            self._work_corpus = dst
        return self._work_corpus

    def corpus_in_use(self) -> Path:
        return self._work_corpus or self.corpus

    def build(self, scenario: str, *extra: str, note: str = "") -> Measurement:
        code_before = code_fingerprint()
        notes, nbytes, _ = corpus_stats(self.corpus_in_use()) if self._work_corpus else (self.n, None, None)
        mb = nbytes / 1e6 if nbytes is not None else self.mb
        r = run_measured(kgnotes_cmd("build", str(self.corpus_in_use()), "--out", str(self.out), "-q", *extra),
                         self.timeout)
        m = Measurement(scenario, notes, mb, r["wall"], r["user"], r["sys"], r["rss_mb"], r["tree_rss_mb"],
                        r["rc"], r["timed_out"], parse_summary(r["stdout"]), note, parse_timings(r["stderr"]))
        if code_fingerprint() != code_before or (self.results and self.results[-1].code_fp != code_before):
            m.code_changed = True
            m.note = (m.note + "; " if m.note else "") + "kgnotes code changed since the previous build"
        m.code_fp = code_before
        if r["rc"] != 0 or r["timed_out"]:
            tail = "\n".join(r["stderr"].strip().splitlines()[-15:])
            m.note = (m.note + " " if m.note else "") + (r["killed"] if r["timed_out"] else f"exit {r['rc']}")
            print(f"  {scenario}: {m.note}\n{tail}", file=sys.stderr)
        return m


def scenario_cold(ctx: Context) -> Measurement:
    """First build: empty output folder, fresh process."""
    if ctx.out.exists():
        shutil.rmtree(ctx.out)
    return ctx.build("cold")


def scenario_warm(ctx: Context) -> Measurement:
    """Rebuild with nothing changed, same output folder."""
    return ctx.build("warm (no change)")


def _some_note(root: Path, seed: int) -> Path:
    files = sorted(root.rglob("*.md"))
    return random.Random(seed).choice(files)


def scenario_edit(ctx: Context) -> Measurement:
    """Rebuild after appending a paragraph to one note."""
    corpus = ctx.work_corpus()
    f = _some_note(corpus, ctx.seed + 1)
    other = _some_note(corpus, ctx.seed + 4).stem
    with f.open("a", encoding="utf-8", newline="\n") as fh:
        fh.write(f"\n\n## 补充\n\n对比学习(Contrastive Learning)在这里再提一次，并和 [[{other}]] 对照。\n")
    return ctx.build("edit one note", note=f.relative_to(corpus).as_posix())


def scenario_prose(ctx: Context) -> Measurement:
    """Rebuild after appending a sentence of prose that defines nothing (the
    vocabulary stays the one the cache holds)."""
    corpus = ctx.work_corpus()
    f = _some_note(corpus, ctx.seed + 5)
    with f.open("a", encoding="utf-8", newline="\n") as fh:
        fh.write("\n\n这里再补充一点个人理解：细节和上文一致，之后有时间再整理。\n")
    return ctx.build("edit prose of one note", note=f.relative_to(corpus).as_posix())


def scenario_add(ctx: Context) -> Measurement:
    """Rebuild after adding one new note (a copy of another, new name/title)."""
    corpus = ctx.work_corpus()
    f = _some_note(corpus, ctx.seed + 2)
    text = f.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: 新增的一篇笔记", text, count=1, flags=re.MULTILINE)
    new = f.with_name("zz-added-note.md")
    new.write_text(text, encoding="utf-8", newline="\n")
    return ctx.build("add one note", note=new.relative_to(corpus).as_posix())


def scenario_delete(ctx: Context) -> Measurement:
    """Rebuild after deleting one note."""
    corpus = ctx.work_corpus()
    f = _some_note(corpus, ctx.seed + 3)
    rel = f.relative_to(corpus).as_posix()
    f.unlink()
    return ctx.build("delete one note", note=rel)


SCENARIOS: dict[str, Callable[[Context], Measurement]] = {
    "cold": scenario_cold,
    "warm": scenario_warm,
    "edit": scenario_edit,
    "prose": scenario_prose,
    "add": scenario_add,
    "delete": scenario_delete,
}
INCREMENTAL = ["warm", "edit", "prose", "add", "delete"]


# ---------------------------------------------------------------- reference peer


@dataclass
class JiebaTiming:
    seconds: float  # for the whole corpus (extrapolated if sampled)
    measured_seconds: float
    fraction: float  # share of characters actually segmented
    notes_timed: int
    init_seconds: float


def time_jieba(corpus: Path, sample: float, seed: int) -> JiebaTiming:
    """``jieba.lcut`` over every note's full text, the common recipe."""
    import jieba

    jieba.setLogLevel(60)
    t0 = time.perf_counter()
    jieba.initialize()
    init = time.perf_counter() - t0
    files = sorted(corpus.rglob("*.md"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    total = sum(len(t) for t in texts)
    if sample < 1.0:
        k = max(1, round(len(texts) * sample))
        texts = random.Random(seed).sample(texts, k)
    timed = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    measured = time.perf_counter() - t0
    frac = timed / total
    return JiebaTiming(measured / frac, measured, frac, len(texts), init)


# ---------------------------------------------------------------- profile


def _pyspy() -> str | None:
    return os.environ.get("PY_SPY") or shutil.which("py-spy")


def summarize_collapsed(path: Path, top: int = 15) -> str:
    """Top functions of a py-spy ``--format raw`` (collapsed stacks) file:
    cumulative share (function anywhere on the stack) and self share."""
    cum: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = []
        for fr in stack.split(";"):
            # "func (path/to/file.py:123)" -> "func (file.py)": one entry per function, not per line
            m = re.match(r"(.*?) \((.*?)(?::\d+)?\)$", fr)
            frames.append(f"{m.group(1)} ({_short(m.group(2))})" if m else fr)
        frames = [f for f in frames if not _WRAPPER.search(f) and not f.startswith("process ")] or frames
        for f in dict.fromkeys(frames):
            if not _PLUMBING.search(f):  # pool/thread plumbing: on every worker stack, says nothing
                cum[f] = cum.get(f, 0) + n
        own[frames[-1]] = own.get(frames[-1], 0) + n
    if not total:
        return "(no samples)"
    lines = [
        (f"{total} samples over all processes of the build, workers included "
         "(interpreter start, click and CLI frames left out)"),
        "",
        "cumulative  self   function",
    ]
    for f, n in sorted(cum.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"{100 * n / total:8.1f}%  {100 * own.get(f, 0) / total:5.1f}%  {f}")
    lines += ["", "self (top of stack)", ]
    for f, n in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"{100 * n / total:8.1f}%  {f}")
    return "\n".join(lines)


_PLUMBING = re.compile(r"\((?:multiprocessing/|threading\.py|concurrent/)")
_WRAPPER = re.compile(r"\((?:<frozen runpy>|click/|kgnotes/__main__\.py|kgnotes/cli\.py|<string>)")


def _short(path: str) -> str:
    for marker in ("site-packages/", "/kgnotes/", "/lib/python3"):
        if marker in path:
            tail = path.split(marker, 1)[1]
            return ("kgnotes/" if marker == "/kgnotes/" else "") + tail
    return path


def profile_build(corpus: Path, out: Path, top: int = 15, timeout: float = 3600) -> str:
    """Profile one cold build: py-spy (sampling, ~no overhead) when it is on
    PATH or in $PY_SPY, else cProfile. Returns the top functions."""
    if out.exists():
        shutil.rmtree(out)
    build = ["-m", "kgnotes", "build", str(corpus), "--out", str(out), "-q"]
    spy = _pyspy()
    if spy:
        raw = out.parent / "build.pyspy.txt"
        cmd = [spy, "record", "--rate", "50", "--subprocesses", "--format", "raw", "-o", str(raw), "--",
               sys.executable, *build]
    else:
        prof = out.parent / "build.prof"
        cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), *build]
    r = run_measured(cmd, timeout)
    if r["rc"] != 0 or r["timed_out"]:
        why = r["killed"] or f"exit {r['rc']}"
        return f"profiled build failed ({why}, {r['wall']:.0f} s):\n{r['stderr'][-2000:]}"
    if spy:
        return f"py-spy profile of a cold build ({r['wall']:.1f} s wall; {raw}):\n" + summarize_collapsed(raw, top)
    import io

    buf = io.StringIO()
    st = pstats.Stats(str(prof), stream=buf)
    st.sort_stats("cumulative").print_stats(top)
    buf.write("\n--- by internal time ---\n")
    st.sort_stats("tottime").print_stats(top)
    text = buf.getvalue()
    text = re.sub(r"^.*?(?=\s+ncalls)", "", text, count=1, flags=re.DOTALL)  # drop the preamble
    return f"cProfile of a cold build ({r['wall']:.1f} s wall with profiling; {prof}):\n{text}"


# ---------------------------------------------------------------- report


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, AttributeError):
        pass
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=REPO, check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "kgnotes"], capture_output=True,
                               text=True, cwd=REPO, check=False).stdout.strip()
        commit = head + (" + uncommitted changes in kgnotes/" if dirty else "")
    except OSError:
        commit = "?"
    return {
        "commit": commit,
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "memory": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _fmt_stage(k: str, v, unit: bool = False) -> str:
    if isinstance(v, int):  # a count (e.g. notes extracted), not seconds
        return f"{k} {v}" if unit else f"{v:,}"
    return f"{k} {v:.1f} s" if unit else f"{v:.1f}"


HEADER = ("| scenario | notes | MB | wall s | notes/s | MB/s | peak RSS MB | tree RSS MB | concepts | "
          "jieba s | build/jieba |")


def row(m: Measurement, jieba_s: float | None) -> str:
    ratio = f"{m.wall / jieba_s:.2f}" if jieba_s else "–"
    js = f"{jieba_s:.1f}" if jieba_s else "–"
    wall = f"{m.wall:.1f}" + (" (killed)" if m.timed_out else "" if m.rc == 0 else f" (exit {m.rc})")
    return (f"| {m.scenario} | {m.notes:,} | {m.mb:.1f} | {wall} | {m.notes_per_s:.1f} | {m.mb_per_s:.2f} | "
            f"{m.rss_mb:.0f} | {m.tree_rss_mb:.0f} | {m.summary.get('concepts', '–')} | {js} | {ratio} |")


def main(argv: list[str] | None = None) -> int:
    global MAX_RSS_GB
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--workdir", type=Path, default=HERE / "out")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", type=Path, default=None, help="notes to recombine (default corpus/)")
    ap.add_argument("--scenarios", default=None,
                    help="comma list of " + ",".join(SCENARIOS) + " (default: cold, plus the rebuild "
                    "scenarios when `kgnotes build` has --full)")
    ap.add_argument("--jieba-sample", type=float, default=1.0, metavar="F",
                    help="time jieba on this fraction of the notes and extrapolate (default 1.0)")
    ap.add_argument("--no-jieba", action="store_true", help="skip the jieba reference")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per build before it is killed")
    ap.add_argument("--max-rss-gb", type=float, default=MAX_RSS_GB, help="kill a build whose process tree "
                    f"grows past this (default {MAX_RSS_GB:g})")
    ap.add_argument("--profile", action="store_true", help="also profile a cold build of the first size")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    a = ap.parse_args(argv)
    MAX_RSS_GB = a.max_rss_gb

    if a.scenarios:
        names = [s.strip() for s in a.scenarios.split(",") if s.strip()]
        unknown = [s for s in names if s not in SCENARIOS]
        if unknown:
            ap.error(f"unknown scenario(s): {', '.join(unknown)}")
    else:
        names = ["cold"] + (INCREMENTAL if build_supports("--full") else [])
    if "cold" in names:
        names = ["cold"] + [s for s in names if s != "cold"]

    info = machine()
    print(f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}, Python {info['python']}, "
          f"{info['date']}", file=sys.stderr)
    a.workdir.mkdir(parents=True, exist_ok=True)
    all_rows: list[tuple[Measurement, float | None]] = []
    report: dict = {"machine": info, "runs": [], "jieba": []}
    for n in a.sizes:
        print(f"\n== {n} notes", file=sys.stderr)
        corpus = cached_corpus(a.workdir, n, a.seed, a.source)
        notes, nbytes, nchars = corpus_stats(corpus)
        print(f"  corpus: {notes} notes, {nbytes / 1e6:.1f} MB, {nchars / 1e6:.2f} M chars "
              f"({nchars / notes:.0f} chars/note)", file=sys.stderr)
        work = a.workdir / f"run-{n}-s{a.seed}"
        work.mkdir(parents=True, exist_ok=True)
        ctx = Context(n, a.seed, corpus, work, a.timeout, nbytes / 1e6, nchars)
        for name in names:
            m = SCENARIOS[name](ctx)
            ctx.results.append(m)
            print(f"  {m.scenario}: {m.wall:.1f} s, peak RSS {m.rss_mb:.0f} MB (tree {m.tree_rss_mb:.0f} MB) "
                  f"{m.summary}", file=sys.stderr)
            if m.stages:
                print("    stages: " + ", ".join(_fmt_stage(k, v, unit=True) for k, v in m.stages.items()),
                      file=sys.stderr)
            if m.note:
                print(f"    note: {m.note}", file=sys.stderr)
            if m.timed_out:
                break
        jt = None
        if not a.no_jieba:
            jt = time_jieba(corpus, a.jieba_sample, a.seed)
            how = (f"measured {jt.measured_seconds:.1f} s on {jt.notes_timed} notes "
                   f"({jt.fraction:.0%} of the characters), extrapolated linearly"
                   if jt.fraction < 1 else "whole corpus")
            print(f"  jieba.lcut: {jt.seconds:.1f} s ({how}; dictionary load {jt.init_seconds:.1f} s not counted)",
                  file=sys.stderr)
            report["jieba"].append({"notes": n, **asdict(jt)})
        for m in ctx.results:
            all_rows.append((m, jt.seconds if jt else None))
            report["runs"].append({**asdict(m), "notes_per_s": m.notes_per_s, "mb_per_s": m.mb_per_s})
        if a.profile and n == a.sizes[0]:
            print("\n" + profile_build(corpus, work / "output-profile", timeout=a.timeout), file=sys.stderr)

    print()
    print(f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']} RAM, Python {info['python']}, "
          f"{info['date']}; kgnotes at {info['commit']}; corpus from {a.source or 'corpus/'} "
          f"(fingerprint {synth.source_fingerprint(a.source)}, seed {a.seed})")
    print()
    print(HEADER)
    print("|" + "|".join("---" for _ in HEADER.split("|")[1:-1]) + "|")
    for m, js in all_rows:
        print(row(m, js))
    stage_names = list(dict.fromkeys(k for m, _ in all_rows for k in m.stages))
    if stage_names:
        print("\nSeconds per build stage (kg.build['timings']; the rest of wall time is interpreter start and imports):\n")
        counts = {k for m, _ in all_rows for k, v in m.stages.items() if isinstance(v, int)}
        # counts of notes; store_updated is a flag (1: the store was updated by the difference)
        heads = [f"{k} (notes)" if k in counts and k != "store_updated" else k for k in stage_names]
        print("| scenario | notes | " + " | ".join(heads) + " |")
        print("|---|---|" + "---|" * len(stage_names))
        for m, _ in all_rows:
            print(f"| {m.scenario} | {m.notes:,} | "
                  + " | ".join(_fmt_stage(k, m.stages[k]) if k in m.stages else "–" for k in stage_names) + " |")
    notes = [m for m, _ in all_rows if m.note]
    if notes:
        print()
        for m in notes:
            print(f"- {m.scenario} at {m.notes:,} notes: {m.note}")
    sampled = [j for j in report["jieba"] if j["fraction"] < 1]
    for j in sampled:
        print(f"\njieba at {j['notes']:,} notes: timed on {j['notes_timed']} notes ({j['fraction']:.0%} of the "
              f"characters, {j['measured_seconds']:.1f} s) and extrapolated linearly.")
    if a.json:
        a.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(m.rc == 0 and not m.timed_out for m, _ in all_rows) else 1


if __name__ == "__main__":
    sys.exit(main())
