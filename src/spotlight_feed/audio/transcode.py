"""A source in any format to a podcast MP3, once: encoded files are cached by content.

``prepare`` decodes (:mod:`.decode`), optionally normalises (:mod:`.normalise`), encodes
(:mod:`.encode`) and measures the loudness of what it encoded (:mod:`.loudness`), and keeps
the MP3 and a small JSON record in a cache folder (the build uses
``.spotlight-cache/audio/``). The key is the SHA-256 of the source's bytes, the settings,
the target and the versions of the libraries that shape the bytes, so an unchanged source is
never encoded again, and a changed setting, source or library is. The content hash of a
source is remembered by path, size and mtime, so an unchanged source is not even read again.
Files appear in the cache only complete (written under a temporary name, then renamed).

This module is a leaf: paths and settings in, paths and numbers out; it knows nothing of
shows or episodes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from . import decode, loudness
from .alternate import AlternateFile
from .decode import Block, DecodeError, SourceInfo
from .encode import EncodeResult, EncodeSettings, Processor, encode_file, remix
from .loudness import Loudness

FORMAT = 1
"""Bumped when this package's encoding chain changes the bytes it writes."""


@dataclass(frozen=True)
class Target:
    """Normalise to *integrated* LUFS with true peaks at or below *true_peak* dBTP."""

    integrated: float
    true_peak: float


@dataclass(frozen=True)
class Prepared:
    """An encoded MP3 in the cache and what was measured."""

    mp3: Path
    samples: int
    sample_rate: int
    loudness: Loudness | None
    """Of the encoded MP3 when normalised (measured to check the target was met)."""
    gain_db: float = 0.0
    """Gain applied by normalisation (0 when not normalised)."""
    cached: bool = False
    """True when the file was already in the cache."""
    first: Loudness | None = None
    """Normalised: the first pass's measurement of the source."""
    aim: float | None = None
    """Normalised: the integrated loudness the final gain aimed at (past the codec's loss)."""

    @property
    def duration_ms(self) -> int:
        """Play time of the MP3."""
        return round(self.samples * 1000 / self.sample_rate)


def default_settings(
    info: SourceInfo, bitrate: int | None, channels: int | None, rate: int
) -> EncodeSettings:
    """Settings with the defaults filled in: the source's channels (at most 2); 64/128 kbit/s."""
    ch = channels or min(info.channels, 2)
    return EncodeSettings(bitrate or (64 if ch == 1 else 128), ch, rate)


def source_digest(path: Path, cache: Path) -> str:
    """SHA-256 of *path*'s bytes, remembered by (path, size, mtime) in *cache*."""
    st = path.stat()
    memo = cache / "sources" / (hashlib.sha256(str(path.resolve()).encode()).hexdigest() + ".json")
    stamp = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
    try:
        rec = json.loads(memo.read_text())
        if rec["stamp"] == stamp:
            return str(rec["sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    _write_atomic(memo, json.dumps({"stamp": stamp, "sha256": h.hexdigest()}).encode())
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions of the libraries whose output is part of the encoded bytes."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"format": str(FORMAT)}
    for name in ("lameenc", "soxr", "soundfile", "av", "numpy", "scipy"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "-"
    return out


def cache_key(digest: str, settings: EncodeSettings, target: Target | None) -> str:
    """The name an encoding is cached under."""
    doc = {
        "source": digest,
        "settings": asdict(settings),
        "target": asdict(target) if target else None,
        "libraries": library_versions(),
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:32]


def prepare(
    source: Path,
    settings: EncodeSettings,
    cache: Path,
    target: Target | None = None,
    info: SourceInfo | None = None,
) -> Prepared:
    """The MP3 of *source* with *settings* (normalised to *target*), from *cache* or new."""
    info = info or decode.inspect(source)
    key = cache_key(source_digest(source, cache), settings, target)
    mp3, record = cache / f"{key}.mp3", cache / f"{key}.json"
    try:
        rec = json.loads(record.read_text())
        if mp3.stat().st_size == rec["size"]:
            return Prepared(
                mp3, rec["samples"], rec["sample_rate"],
                loudness.Loudness.from_dict(rec["loudness"]) if rec["loudness"] else None,
                rec["gain_db"], cached=True,
                first=loudness.Loudness.from_dict(rec["first"]) if rec.get("first") else None,
                aim=rec.get("aim"),
            )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        pass
    cache.mkdir(parents=True, exist_ok=True)
    gain = 0.0
    processor = None
    first = None
    aim = None
    if target is not None:
        from .normalise import plan

        first = loudness.measure(
            _prepared_blocks(source, info, settings), settings.sample_rate, settings.channels
        )
        aim = target.integrated
        processor, gain = plan(
            first, aim, target.true_peak, settings.sample_rate, settings.channels
        )
    result = _encode(source, info, settings, mp3, processor)
    measured = None
    if target is not None and first is not None and aim is not None:
        # MP3 encoding itself changes the loudness (-0.4 LU measured on speech at 64 kbit/s),
        # so the encoded file is measured and, when it missed, encoded again aiming further.
        # Its true peak is measured too: an overshoot past the limit lowers the ceiling.
        from .normalise import MARGIN_DB, wider_margin

        measured = _measure(mp3)
        margin = MARGIN_DB
        for _ in range(2):
            miss = target.integrated - measured.integrated
            wider = wider_margin(measured.true_peak, target.true_peak, margin)
            if abs(miss) <= 0.2 and wider is None:
                break
            aim += miss if abs(miss) > 0.2 else 0.0
            margin = wider or margin
            processor, gain = plan(
                first, aim, target.true_peak, settings.sample_rate, settings.channels, margin
            )
            result = _encode(source, info, settings, mp3, processor)
            measured = _measure(mp3)
    rec_doc = {
        "size": result.size,
        "samples": result.samples,
        "sample_rate": settings.sample_rate,
        "loudness": measured.as_dict() if measured else None,
        "gain_db": gain,
        "first": first.as_dict() if first else None,
        "aim": aim,
    }
    _write_atomic(record, json.dumps(rec_doc, sort_keys=True, indent=1).encode())
    return Prepared(mp3, result.samples, settings.sample_rate, measured, gain, first=first, aim=aim)


def prepare_alternate(
    source: Path,
    settings: EncodeSettings,
    cache: Path,
    kind: str,
    target: Target | None = None,
    info: SourceInfo | None = None,
) -> AlternateFile:
    """The *kind* alternate of *source* (loudness as the MP3's), from *cache* or new."""
    from . import alternate

    k = alternate.KINDS[kind]
    info = info or decode.inspect(source)
    main = prepare(source, settings, cache, target, info)  # cached: it is built first
    key = cache_key(source_digest(source, cache), settings, target) + "-" + kind
    path = cache / f"{key}{k.suffix}"
    duration_s = main.samples / main.sample_rate
    if not path.is_file():
        from .normalise import MARGIN_DB, plan, wider_margin

        margin: float | None = MARGIN_DB
        while margin is not None:
            processor = None
            if target is not None and main.first is not None and main.aim is not None:
                rate = k.rate or settings.sample_rate
                processor, _ = plan(
                    main.first, main.aim, target.true_peak, rate, settings.channels, margin
                )
            alternate.encode_alternate(
                decode.blocks(source, info), info.sample_rate, settings.channels,
                settings.sample_rate, k, path, processor,
            )  # fmt: skip
            if target is None or processor is None or margin > MARGIN_DB + 6:
                break  # not normalised, or a ceiling 7 dB down is as far as it goes
            margin = wider_margin(_measure(path).true_peak, target.true_peak, margin)
    return alternate.describe(k, path, duration_s)


def _encode(
    source: Path, info: SourceInfo, settings: EncodeSettings, mp3: Path, processor: Processor | None
) -> EncodeResult:
    """Encode into *mp3*: complete, or not at all."""
    fd, tmp = tempfile.mkstemp(prefix=".encode-", suffix=".mp3", dir=mp3.parent)
    os.close(fd)
    try:
        result = encode_file(
            decode.blocks(source, info), info.sample_rate, settings, Path(tmp), processor
        )
        os.replace(tmp, mp3)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def _measure(path: Path) -> loudness.Loudness:
    info = decode.inspect(path)
    channels = min(info.channels, 2)
    return loudness.measure(
        (remix(b, channels) for b in decode.blocks(path, info)), info.sample_rate, channels
    )


def _prepared_blocks(source: Path, info: SourceInfo, settings: EncodeSettings) -> Iterator[Block]:
    """The source as the encoder will see it before any gain: remixed and resampled."""
    import numpy as np

    from .encode import _Resampler

    resample = _Resampler(info.sample_rate, settings.sample_rate, settings.channels)
    for b in decode.blocks(source, info):
        yield resample(remix(b, settings.channels))
    yield resample(np.zeros((0, settings.channels), dtype=np.float32), last=True)


def measure_file(path: Path, cache: Path) -> loudness.Loudness:
    """Loudness of any supported file (an MP3 too), cached by content in *cache*."""
    digest = source_digest(path, cache)
    key = hashlib.sha256(
        json.dumps({"measure": digest, "libraries": library_versions()}).encode()
    ).hexdigest()[:32]
    record = cache / f"loudness-{key}.json"
    try:
        return loudness.Loudness.from_dict(json.loads(record.read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    result = _measure(path)
    _write_atomic(record, json.dumps(result.as_dict(), sort_keys=True).encode())
    return result


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = [
    "DecodeError",
    "Prepared",
    "Target",
    "cache_key",
    "default_settings",
    "measure_file",
    "prepare",
]
