r"""A linear autoencoder: principal components of space-time patches.

A clip is cut into patches of 4 frames × 8 × 8 pixels × 3 channels, :math:`P = 768` numbers
each, the patch size of common video VAEs' 4 × 8 × 8 compression. The encoder keeps
:math:`n` numbers per patch, :math:`z = E^\top (p - m)`, where the columns of :math:`E` are
the :math:`n` leading eigenvectors of the patches' covariance (fitted on lab clips) and
:math:`m` their mean; the decoder returns :math:`\hat p = m + E z`. The compression ratio is
:math:`P / n`. PCA is the best any *linear* code of that size can do in squared error; a
real video VAE is nonlinear and far better, but pays the same way: what the code drops,
the decoder must invent, or it is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PATCH = (4, 8, 8)  # frames, rows, columns


def to_patches(clip: np.ndarray) -> tuple[np.ndarray, tuple[int, ...]]:
    """Cut a clip (T, H, W, 3), cropped to whole patches, into rows of 768 numbers."""
    pt, ph, pw = PATCH
    T, H, W, C = clip.shape
    T, H, W = T - T % pt, H - H % ph, W - W % pw
    blocks = clip[:T, :H, :W].reshape(T // pt, pt, H // ph, ph, W // pw, pw, C)
    grid = (T // pt, H // ph, W // pw)
    return blocks.transpose(0, 2, 4, 1, 3, 5, 6).reshape(-1, pt * ph * pw * C), grid


def from_patches(rows: np.ndarray, grid: tuple[int, ...]) -> np.ndarray:
    pt, ph, pw = PATCH
    nt, nh, nw = grid
    blocks = rows.reshape(nt, nh, nw, pt, ph, pw, 3).transpose(0, 3, 1, 4, 2, 5, 6)
    return blocks.reshape(nt * pt, nh * ph, nw * pw, 3)


@dataclass(frozen=True)
class PatchPCA:
    mean: np.ndarray  # (P,)
    components: np.ndarray  # (P, P), columns by decreasing variance
    variances: np.ndarray  # (P,)

    @classmethod
    def fit(cls, clips: list[np.ndarray]) -> PatchPCA:
        rows = np.concatenate([to_patches(np.asarray(clip, np.float32))[0] for clip in clips])
        mean = rows.mean(axis=0, dtype=np.float64)
        centred = rows - mean.astype(np.float32)
        # The covariance in single precision (half the time), its eigenvectors in double.
        covariance = (centred.T @ centred).astype(np.float64) / len(rows)
        values, vectors = np.linalg.eigh(covariance)
        order = np.argsort(values)[::-1]
        # Fix each eigenvector's sign, so the fit is the same on every machine.
        vectors = vectors[:, order]
        vectors *= np.where(
            vectors[np.abs(vectors).argmax(axis=0), np.arange(vectors.shape[1])] < 0, -1, 1
        )
        return cls(mean, vectors, values[order])

    def reconstruct(self, clip: np.ndarray, kept: int) -> np.ndarray:
        """Encode to ``kept`` numbers per patch and decode: the clip the decoder returns
        (cropped to whole patches)."""
        rows, grid = to_patches(np.asarray(clip, np.float64))
        basis = self.components[:, :kept]
        codes = (rows - self.mean) @ basis
        return from_patches(self.mean + codes @ basis.T, grid)


def psnr(reference: np.ndarray, other: np.ndarray) -> float:
    """Peak signal-to-noise ratio in dB for values in [0, 1]."""
    mse = float(np.mean((np.asarray(reference, float) - np.asarray(other, float)) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(1.0 / mse)
