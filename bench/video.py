"""Video benchmarks (prints figures, asserts nothing about time).

- Next → first frame: from pressing Next on the step before a video until its first frame is
  on the screen (the screen is grabbed: libVLC's picture is invisible to QWidget.grab()).
- Seek: from a seek (paused, as a learner pressing → would see it) until the new frame shows.
- RSS and CPU while the 720p animation plays in the kiosk window.
- libVLC plugins: how many are loaded, and which (read from /proc/self/maps), so the installer
  can ship only those; written to packaging/vlc-plugins.txt.

Each libVLC configuration runs in its own process (one vlc.Instance per process, and the plugin
list must not mix). Needs an X display; without one it re-runs itself under xvfb-run.

    .venv/bin/python bench/video.py [--media FILE] [--runs N] [--write-plugins]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
ANIMATION = "animation-how-trauma-affects-people.webm"
CONFIGS = {
    "kiosk": ["--aout=dummy"],              # the kiosk's own options (on Linux: --no-xlib, xcb output)
    "opengl": ["--aout=dummy", "--xlib"],   # libVLC's OpenGL output (IT's video_vlc_options = "--xlib")
}
EXPERIMENTS = {
    "auto-decoder-threads": ["--aout=dummy", "--avcodec-threads=0"],  # libVLC's frame threading
    "no-hw-decoding": ["--aout=dummy", "--avcodec-hw=none"],
    "dav1d-auto-threads": ["--aout=dummy", "--dav1d-thread-frames=0"],  # dav1d's own frame threading
}


def playable(path: Path) -> bool:
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                            str(path)], capture_output=True, text=True)
    return probe.returncode == 0 and probe.stdout.strip() not in ("", "N/A")


def find_media(explicit: str | None) -> Path:
    for candidate in (explicit, REPO / "media" / ANIMATION, Path("/work/main/media") / ANIMATION):
        if candidate and Path(candidate).is_file() and playable(Path(candidate)):
            snapshot = Path(tempfile.mkdtemp(prefix="tip-bench-media-")) / Path(candidate).name
            shutil.copyfile(candidate, snapshot)  # a file being rewritten must not change mid-run
            vtt = Path(candidate).with_suffix(".vtt")
            if vtt.exists():
                shutil.copyfile(vtt, snapshot.with_suffix(".vtt"))
            return snapshot
    out = Path(tempfile.gettempdir()) / "tip-kiosk-bench-720p.mp4"
    if not out.exists():  # a stand-in: 60 s of a busy 720p test pattern with a tone
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                        "testsrc2=size=1280x720:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                        "-t", "60", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p",
                        "-c:a", "aac", "-shortest", str(out)], check=True)
    return out


# -- the child: one libVLC configuration -----------------------------------------------------
def child(config: str, media: Path, runs: int, verbose: bool = False) -> dict:
    verify = config == "verify"  # a short check of a relocated libVLC (see verify_plugins)
    from kiosk.core.memory import tune_malloc

    tune_malloc()  # as the kiosk does first thing (kiosk/cli/start.py)
    config = "kiosk" if verify else config
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QGuiApplication

    from kiosk.core.accounts import Accounts, installation_secret
    from kiosk.core.content import load_programme
    from kiosk.core.learning import Learning
    from kiosk.core.store import open_store
    from kiosk.ui.app import make_application
    from kiosk.ui.media.vlc_backend import VlcBackend
    from kiosk.ui.module_screen import PlayerScreen
    from tests.helpers import write_programme

    app = make_application()
    tmp = Path(tempfile.mkdtemp(prefix="tip-bench-video-"))
    content = write_programme(tmp / "content", modules=1)
    # Under its own suffix: libVLC tries the demuxer a file name suggests first, and the plugin
    # list must not gain one the real media never needs.
    shutil.copyfile(media, content / "media" / f"clip{media.suffix}")
    if media.suffix != ".mp4":
        (content / "media" / "clip.mp4").unlink()
        yaml = next(content.glob("*/module.yaml"))
        yaml.write_text(yaml.read_text().replace("media: clip.mp4", f"media: clip{media.suffix}"))
    vtt = media.with_suffix(".vtt")
    if vtt.exists():
        shutil.copyfile(vtt, content / "media" / "clip.vtt")
    store, _ = open_store(tmp / "data")
    learner = Accounts(store, installation_secret(tmp / "data")).register("BENCH1", "482915")
    programme = load_programme(content)
    def rss_mb() -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    baseline_rss = rss_mb()  # Qt, the kiosk and its database, before libVLC
    backend = VlcBackend({**CONFIGS, **EXPERIMENTS}[config] + (["--no-quiet", "--verbose=2"] if verbose else []))
    started = time.perf_counter()
    backend.instance()
    instance_ms = (time.perf_counter() - started) * 1000

    def pump(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.002)

    def region(widget) -> QRect:
        return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())

    def grab(rect: QRect):
        return QGuiApplication.primaryScreen().grabWindow(0, rect.x(), rect.y(), rect.width(), rect.height()).toImage()

    def lit(image) -> bool:
        step = 8
        for x in range(4, image.width() - 4, step):
            for y in range(4, image.height() - 4, step):
                c = image.pixelColor(x, y)
                if c.red() + c.green() + c.blue() > 60:
                    return True
        return False

    def changed(before, after) -> bool:
        differing = total = 0
        for x in range(4, after.width() - 4, 12):
            for y in range(4, after.height() - 4, 12):
                total += 1
                a, b = before.pixelColor(x, y), after.pixelColor(x, y)
                if abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) > 40:
                    differing += 1
        return differing > total // 50

    def wait_for(predicate, timeout: float = 10.0) -> float:
        start = time.perf_counter()
        while not predicate():
            if time.perf_counter() - start > timeout:
                return float("nan")
            app.processEvents()
        return (time.perf_counter() - start) * 1000

    first_frames = []
    screen = None
    for _ in range(runs):
        run = Learning(store, programme, learner).open("module-1")
        run.go_to(4)  # the page before the video
        if screen is not None:
            screen.hide()
            screen.deleteLater()
        screen = PlayerScreen(run, backend)
        screen.setGeometry(0, 0, 1280, 800)
        screen.show()
        pump(0.4)
        # A different resume point each time, so no run is helped by the one before.
        run.learning.store.conn.execute("DELETE FROM media_positions")
        start = time.perf_counter()
        screen.next()  # the learner presses Next: the video step opens and shows its first frame
        surface = screen.view.player_widget.surface
        # (where the surface is, is known only once the new step is laid out: ask each time)
        waited = wait_for(lambda surface=surface: lit(grab(region(surface))))
        first_frames.append((time.perf_counter() - start) * 1000 if waited == waited else waited)
    view = screen.view
    player, widget = view.player, view.player_widget
    pump(0.5)

    def seek_times(fractions) -> list[float]:
        times = []
        rect = region(widget.surface)
        for fraction in fractions:
            before = grab(rect)
            start = time.perf_counter()
            widget.seek((player.length or 60.0) * fraction)
            waited = wait_for(lambda before=before: changed(before, grab(rect)), timeout=5)
            times.append((time.perf_counter() - start) * 1000 if waited == waited else waited)
            pump(0.3)
        return times

    fresh_seeks = seek_times((0.4,))  # just opened, never played: the player reopens at the target
    player.play()
    pump(1.0)
    player.pause()
    pump(0.5)
    seeks = seek_times((0.5,) if verify else (0.15, 0.8, 0.35, 0.6, 0.1, 0.9, 0.5, 0.25, 0.7, 0.45))

    # Playing: RSS and CPU over 15 s of the animation in the window.
    player.seek(5.0)
    player.play()
    pump(1.0)
    ticks = os.sysconf("SC_CLK_TCK")

    def cpu_seconds() -> float:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    cpu0, wall0, peak = cpu_seconds(), time.perf_counter(), 0.0
    start_position = player.position
    while time.perf_counter() - wall0 < (8 if verify else 15):
        pump(0.5)
        peak = max(peak, rss_mb())
    cpu_percent = (cpu_seconds() - cpu0) / (time.perf_counter() - wall0) * 100
    mapped = sorted({line.split()[-1] for line in Path("/proc/self/maps").read_text().splitlines()
                     if "/vlc/plugins/" in line and line.endswith(".so")})
    player.pause()
    view.flush()
    screen.hide()
    player.close()
    backend.release()
    return {
        "config": config, "media": str(media), "instance_ms": instance_ms,
        "first_frame_ms": first_frames, "seek_ms": seeks, "fresh_seek_ms": fresh_seeks,
        "play_cpu_percent": cpu_percent, "play_rss_peak_mb": peak, "mapped": mapped,
        "baseline_rss_mb": baseline_rss, "played_seconds": player.position - start_position,
    }


# -- the parent -------------------------------------------------------------------------------
def summary(values: list[float]) -> str:
    clean = sorted(v for v in values if v == v)
    if not clean:
        return "n/a"
    p95 = clean[min(len(clean) - 1, round(0.95 * (len(clean) - 1)))]
    return f"median {statistics.median(clean):.0f} ms, p95 {p95:.0f} ms, max {clean[-1]:.0f} ms (n={len(clean)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--media")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write-plugins", action="store_true",
                        help="write the plugin list to packaging/vlc-plugins.txt")
    parser.add_argument("--verify-plugins", action="store_true",
                        help="play with a libVLC that has only the plugins in packaging/vlc-plugins.txt")
    parser.add_argument("--configs", nargs="*", choices=[*CONFIGS, *EXPERIMENTS],
                        help="libVLC configurations to measure (default: %(default)s)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--verbose", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = child(args.child, Path(args.media), args.runs, args.verbose)
        print("RESULT " + json.dumps(result), flush=True)
        return 0
    media = find_media(args.media)
    if not os.environ.get("DISPLAY"):
        if shutil.which("xvfb-run") is None:
            print("video bench: needs an X display (or xvfb-run); skipped")
            return 0
        return subprocess.call(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, *sys.argv])
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    results = []
    for config in args.configs or CONFIGS:
        timed = run_child(config, media, args.runs, env)
        logged = run_child(config, media, 1, env, verbose=True)  # logging would skew the timing
        if timed is None or logged is None:
            continue
        timed["modules"], timed["plugins"] = used_plugins(logged["stderr"], logged["mapped"])
        timed["video_output"] = ", ".join(sorted(timed["modules"].get("vout display", ["?"])))
        results.append(timed)
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"Video benchmarks ({os.cpu_count()} cores, load average {' '.join(load)}, Xvfb software "
          f"rendering), media: {media.name} ({media.stat().st_size / 1e6:.1f} MB)")
    for r in results:
        print(f"\n[{r['config']}] libVLC options {({**CONFIGS, **EXPERIMENTS})[r['config']]}; "
              f"video output {r['video_output']}")
        print(f"  vlc.Instance created:          {r['instance_ms']:.0f} ms")
        print(f"  Next -> first frame on screen: {summary(r['first_frame_ms'])}   (target <= 300 ms)")
        print(f"  seek -> new frame on screen:   {summary(r['seek_ms'])}   (target <= 200 ms)")
        print(f"  playing 720p: CPU {r['play_cpu_percent']:.0f}% of one core, peak RSS "
              f"{r['play_rss_peak_mb']:.0f} MB   (target RSS <= 200 MB; {r['baseline_rss_mb']:.0f} MB "
              "before libVLC)")
        print(f"  libVLC plugins loaded (mapped): {len(r['mapped'])}; used for playback: "
              f"{len(r['plugins'])}: {' '.join(r['plugins'])}")
        print(f"  seek right after opening (reopens at the target): {summary(r['fresh_seek_ms'])}")
    if args.write_plugins and results:
        needed = sorted(set().union(*(r["plugins"] for r in results)) | EXTRA_PLUGINS)
        target = REPO / "packaging" / "vlc-plugins.txt"
        target.parent.mkdir(exist_ok=True)
        target.write_text(PLUGINS_HEADER + "\n".join(needed) + "\n", encoding="utf-8")
        print(f"\nwrote {len(needed)} plugin names to {target.relative_to(REPO)}")
    if args.verify_plugins:
        print("\nOnly the listed plugins: " + verify_plugins(media, env))
    return 0


def run_child(config: str, media: Path, runs: int, env: dict, verbose: bool = False) -> dict | None:
    command = [sys.executable, __file__, "--child", config, "--media", str(media), "--runs", str(runs)]
    out = subprocess.run(command + (["--verbose"] if verbose else []), env=env, capture_output=True,
                         text=True, errors="replace", timeout=600)
    line = next((text for text in out.stdout.splitlines() if text.startswith("RESULT ")), None)
    if line is None:
        print(f"video bench ({config}) failed:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
        return None
    result = json.loads(line[len("RESULT "):])
    result["stderr"] = out.stderr
    return result


def used_plugins(log: str, mapped: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """The modules libVLC chose ('using <kind> module "<name>"' at --verbose=2), and the plugin
    files that hold them (a module's name is usually its file's; otherwise the mapped plugin
    file that contains the name)."""
    modules: dict[str, set[str]] = {}
    for kind, name in re.findall(r'using ([a-z_ ]+?) module "([^"]+)"', log):
        modules.setdefault(kind, set()).add(name)
    files = set()
    by_name = {Path(m).name.removeprefix("lib").removesuffix("_plugin.so"): m for m in mapped}
    for name in set().union(*modules.values()) if modules else ():
        if name in by_name:
            files.add(Path(by_name[name]).name)
            continue
        needle = b"\0" + name.encode() + b"\0"
        holder = next((m for m in mapped if needle in Path(m).read_bytes()), None)
        files.add(Path(holder).name if holder else f"?{name}")
    return {k: sorted(v) for k, v in modules.items()}, sorted(files)


EXTRA_PLUGINS = {
    # Real sound: the bench plays with --aout=dummy (this VM has no sound device), so add the
    # Linux audio outputs libVLC tries in turn, and the converters they may need.
    "libpulse_plugin.so", "libalsa_plugin.so", "libaudio_format_plugin.so",
    # XVideo (hardware scaling without OpenGL), which this VM cannot exercise; the screen saver
    # inhibitor that talks to a desktop session bus. (No VA-API: it is avcodec's hardware
    # decoding, and the sample media are AV1, decoded by dav1d.)
    "libxcb_xv_plugin.so", "libdbus_screensaver_plugin.so",
    # libVLC's OpenGL output, for IT's `video_vlc_options = "--xlib"` (the "opengl" configuration
    # measures them; listed here so a list written from the kiosk configuration alone keeps them).
    "libgl_plugin.so", "libegl_x11_plugin.so", "libglx_plugin.so",
    # No picture / no sound outputs, for a headless self-test of the installed kiosk.
    "libvdummy_plugin.so", "libadummy_plugin.so",
}
PLUGINS_HEADER = (
    "# libVLC 3 plugins TIP Kiosk playback needs on Linux: one plugin file name per line (find them\n"
    "# under /usr/lib/x86_64-linux-gnu/vlc/plugins/*/); '#' starts a comment.\n"
    "# Measured by bench/video.py: the modules libVLC used (--verbose=2) while the sample animation\n"
    "# (AV1 + Opus in WebM: dav1d, opus, mkv; no avcodec, see docs/deployment.md)\n"
    "# played in the kiosk window, with the kiosk's own options and with OpenGL (--xlib), plus real\n"
    "# sound outputs, XVideo, the OpenGL outputs and the dummy outputs, which this VM cannot exercise.\n"
    "# Also ship the helper libraries beside the plugins folder: libvlc_pulse.so.0 and\n"
    "# libvlc_xcb_events.so.0 (the pulse and xcb plugins link them),\n"
    "# and run vlc-cache-gen on the bundled plugins folder after copying.\n"
    "# Checked by bench/video.py --verify-plugins (libVLC relocated with only these plugins plays\n"
    "# the animation in a window). Regenerate with bench/video.py --write-plugins.\n"
)


def verify_plugins(media: Path, env: dict) -> str:
    """Relocate libVLC with only the listed plugins (libVLC looks for plugins beside
    libvlccore), rebuild the plugin cache, and play the animation in a window with it."""
    listed = [line.strip() for line in (REPO / "packaging" / "vlc-plugins.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    system = Path("/usr/lib/x86_64-linux-gnu")
    root = Path(tempfile.mkdtemp(prefix="tip-vlc-minimal-"))
    lib = root / "lib"
    (lib / "vlc" / "plugins").mkdir(parents=True)
    for name in ("libvlc.so.5", "libvlccore.so.9"):
        shutil.copyfile(system / name, lib / name)
    for helper in (system / "vlc").glob("libvlc_*.so*"):
        shutil.copy(helper, lib / "vlc" / helper.name, follow_symlinks=True)
    missing = []
    for name in listed:
        found = next((system / "vlc" / "plugins").glob(f"*/{name}"), None)
        if found is None:
            missing.append(name)
            continue
        (lib / "vlc" / "plugins" / found.parent.name).mkdir(exist_ok=True)
        shutil.copyfile(found, lib / "vlc" / "plugins" / found.parent.name / name)
    subprocess.run([str(system / "vlc" / "vlc-cache-gen"), str(lib / "vlc" / "plugins")], check=True,
                   capture_output=True)
    env = {**env, "PYTHON_VLC_LIB_PATH": str(lib / "libvlc.so.5"), "LD_LIBRARY_PATH": str(lib)}
    out = subprocess.run([sys.executable, __file__, "--child", "verify", "--media", str(media), "--runs", "1"],
                         env=env, capture_output=True, text=True, errors="replace", timeout=300)
    line = next((text for text in out.stdout.splitlines() if text.startswith("RESULT ")), None)
    if line is None:
        return f"FAILED to play with only the listed plugins:\n{out.stdout[-1500:]}\n{out.stderr[-1500:]}"
    result = json.loads(line[len("RESULT "):])
    outside = [m for m in result["mapped"] if not m.startswith(str(root))]
    return (f"{len(listed)} listed plugins{' (not found: ' + ', '.join(missing) + ')' if missing else ''}; "
            f"relocated libVLC played the animation: first frame on screen in "
            f"{result['first_frame_ms'][0]:.0f} ms, {result['played_seconds']:.1f} s played, seek shown in "
            f"{result['seek_ms'][0]:.0f} ms; plugins loaded from elsewhere: {outside or 'none'}; "
            f"while playing (as in the bundle): CPU {result['play_cpu_percent']:.0f}% of one core, peak RSS "
            f"{result['play_rss_peak_mb']:.0f} MB ({result['baseline_rss_mb']:.0f} MB before libVLC), "
            f"{len(result['mapped'])} plugins mapped")

if __name__ == "__main__":
    sys.exit(main())
