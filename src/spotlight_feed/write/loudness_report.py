"""Loudness of every published episode against the show's target profile (issue #16).

Measures the MP3s in ``dist/`` (what listeners get, after any encoding and normalisation)
with the streaming BS.1770 meter of :mod:`.audio.loudness`; results are cached by content in
``.spotlight-cache/audio/``, so a second ``check`` costs nothing. Used by ``check`` (warnings
for episodes off the target and for a show whose episodes differ by more than twice the
tolerance) and by ``spotlight-feed loudness`` (a table of every episode).

Targets: Apple, https://podcasters.apple.com/support/893-audio-requirements (about −16 LUFS
stereo, −19 LUFS mono, true peak at most −1 dBTP); Spotify normalises to −14 LUFS; EBU R 128
is −23 LUFS. Measurement: ITU-R BS.1770-4, EBU Tech 3342 (loudness range).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ..model import Project
from ..plan.layout import CACHE_DIR, Layout
from .source_audio import AUDIO_CACHE, target_for

SOURCES = {"apple": "Apple", "spotify": "Spotify", "ebu-r128": "EBU R 128"}
RULES = {
    "apple": "893: about -16 LUFS stereo, -19 LUFS mono, true peak at most -1 dBTP",
    "spotify": "playback is normalised to -14 LUFS",
    "ebu-r128": "R 128: -23 LUFS, true peak at most -1 dBTP",
}


@dataclass(frozen=True)
class EpisodeLoudness:
    """One published episode, measured."""

    slug: str
    where: str
    """``episodes/<slug>/episode.yaml``."""
    channels: int
    integrated: float
    lra: float
    true_peak: float
    target: float
    ceiling: float
    tolerance: float

    @property
    def off_by(self) -> float:
        """LU above (+) or below (−) the target."""
        return self.integrated - self.target

    @property
    def on_target(self) -> bool:
        """Within the tolerance."""
        return math.isfinite(self.integrated) and abs(self.off_by) <= self.tolerance

    @property
    def peak_ok(self) -> bool:
        """True peak at or under the ceiling."""
        return self.true_peak <= self.ceiling


def measure_release(project: Project, dist: Path) -> list[EpisodeLoudness] | None:
    """Every episode whose MP3 is in *dist*; ``None`` without the ``audio`` extra."""
    try:
        from ..audio import transcode
    except ImportError:
        return None
    layout = Layout(project.show.base_url)
    cache = project.root / CACHE_DIR / AUDIO_CACHE
    out = []
    for ep in project.episodes:
        mp3 = dist / layout.audio(ep.slug)
        if not mp3.is_file():
            continue
        try:
            m = transcode.measure_file(mp3, cache)
        except (transcode.DecodeError, OSError):
            continue  # the release checks report an unreadable enclosure
        channels = 1 if _mono(mp3) else 2
        target, ceiling, tol = target_for(project.show, channels)
        out.append(
            EpisodeLoudness(
                ep.slug,
                ep.meta_path,
                channels,
                m.integrated,
                m.lra,
                m.true_peak,
                target,
                ceiling,
                tol,
            )
        )
    return out


def _mono(mp3: Path) -> bool:
    from ..audio.decode import inspect

    return inspect(mp3).channels == 1


def warnings(project: Project, measured: list[EpisodeLoudness]) -> list[tuple[str, str]]:
    """(where, message) for every episode off the target, and for the spread between them."""
    profile = project.show.loudness.profile
    out = []
    for e in measured:
        kind = "mono" if e.channels == 1 else "stereo"
        if not math.isfinite(e.integrated):
            out.append((e.where, "loudness: the published audio is silent"))
            continue
        if not e.on_target:
            side = "over" if e.off_by > 0 else "under"
            out.append(
                (
                    e.where,
                    f"loudness: {e.integrated:.1f} LUFS, {abs(e.off_by):.1f} LU {side} the "
                    f"{profile} target of {e.target:g} LUFS for {kind} (±{e.tolerance:g}); "
                    "set encode.normalize (an MP3 source also needs encode.reencode_mp3, "
                    "which costs quality; better export WAV or FLAC)",
                )
            )
        if not e.peak_ok:
            out.append(
                (
                    e.where,
                    f"loudness: true peak {e.true_peak:.1f} dBTP, over the {profile} "
                    f"ceiling of {e.ceiling:g} dBTP (players may clip)",
                )
            )
    finite = [e for e in measured if math.isfinite(e.integrated)]
    if len(finite) > 1:
        lo = min(finite, key=lambda e: e.integrated - e.target)
        hi = max(finite, key=lambda e: e.integrated - e.target)
        spread = (hi.integrated - hi.target) - (lo.integrated - lo.target)
        if spread > 2 * lo.tolerance:
            out.append(
                (
                    project.show_path,
                    f"loudness: episodes differ by {spread:.1f} LU against the target "
                    f"({lo.slug} {lo.integrated:.1f} LUFS, {hi.slug} {hi.integrated:.1f} "
                    "LUFS); listeners will keep reaching for the volume",
                )
            )
    return out


def table(project: Project, measured: list[EpisodeLoudness]) -> list[str]:
    """Lines of a report: each episode, its numbers and whether it meets the target."""
    profile = project.show.loudness.profile
    lines = [f"{'episode':<24} {'LUFS':>7} {'LRA':>5} {'dBTP':>6}  target ({profile})"]
    for e in measured:
        verdict = "ok" if e.on_target and e.peak_ok else "OFF"
        lines.append(
            f"{e.slug:<24} {e.integrated:>7.1f} {e.lra:>5.1f} {e.true_peak:>6.1f}  "
            f"{e.target:g} ±{e.tolerance:g}, ≤ {e.ceiling:g} dBTP: {verdict} ({e.off_by:+.1f} LU)"
        )
    finite = [e.integrated - e.target for e in measured if math.isfinite(e.integrated)]
    if len(finite) > 1:
        lines.append(f"spread between episodes: {max(finite) - min(finite):.1f} LU")
    return lines
