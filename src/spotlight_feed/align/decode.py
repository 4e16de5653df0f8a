"""Decode the episode's audio to 16 kHz mono PCM with the ``ffmpeg`` program.

ffmpeg honours the Xing/LAME header that ``lame`` (and most encoders) write, so
the encoder delay and padding are trimmed and sample 0 of the decoded audio is
sample 0 of what was encoded (see docs on gapless MP3 playback). Files without
that header decode about 1,105 samples late; nothing can be done about it from
the outside, and the error (50 ms at 22.05 kHz) is small against the aligner's.

The samples are kept as 16-bit integers (115 MB for an hour), read from a
temporary file (a pipe would hold a second copy); features are computed from
them in blocks.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .errors import AlignError, ToolMissing

RATE = 16000
_PCM_OUT = ("-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-ar", str(RATE), "-y")


def decode(path: Path, display: str) -> NDArray[np.int16]:
    """The audio of *path* as 16 kHz mono 16-bit samples; errors name *display*."""
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise ToolMissing(
            "ffmpeg is not installed; alignment needs it to decode the audio "
            "(Debian/Ubuntu: apt-get install ffmpeg)"
        )
    with tempfile.TemporaryDirectory(prefix="spotlight-align-") as tmp:
        raw = Path(tmp) / "audio.s16le"
        proc = subprocess.run(
            [exe, "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0", *_PCM_OUT, str(raw)],
            capture_output=True,
            check=False,
        )
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"ffmpeg exited with {proc.returncode}"
            raise AlignError(f"{display}: cannot decode the audio: {reason}")
        # read from a file, not a pipe: one copy in memory instead of two
        return np.fromfile(raw, "<i2")
