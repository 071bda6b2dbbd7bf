r"""The data model: a Gaussian mixture over clips, whose denoiser is exact in closed form.

The model
=========
A clip is a vector :math:`x` of :math:`D = T \cdot H \cdot W \cdot 3` numbers. It is drawn
from a mixture with one component per template clip :math:`k` (:mod:`streamlab.scene`):

.. math::

    p(x) = \sum_k \pi_k \, \mathcal N(x;\ \mu_k,\ \Sigma_k), \qquad
    \Sigma_k = s^2 I + W_k W_k^\top + V_k V_k^\top .

* :math:`\mu_k` is the template: background plus the character drawn in its window.
* :math:`s^2 I` is a faint grain on every pixel (``grain``); it makes :math:`\Sigma_k`
  invertible.
* :math:`V_k = [G, U_k]` has a few columns (``r`` of them, about ten). :math:`G` is shared
  by all components and static in time: a colour grade (``tint``, one column per channel)
  and soft lighting (``light``, four smooth luminance patterns). :math:`U_k` lives on the
  character: its body colour (``colour``, one column per channel) and how strong its
  markings are (``pattern``). A joint sample draws each coefficient once per clip, so the
  light, the grade and the character's colour hold for the whole clip.
* :math:`W_k` is the character's fine texture (``texture``): one column per body pixel
  :math:`q` of the character's window, equal to :math:`\tau (1, 1, 1)` at that body pixel
  in every frame. Because motions are whole-pixel translations, the columns have disjoint
  supports, so :math:`W_k W_k^\top = \nu\, \hat W_k \hat W_k^\top` with orthonormal
  :math:`\hat W_k` and :math:`\nu = 3\tau^2 T` (:math:`3\tau^2` for a single frame). A joint
  sample's texture therefore moves with the character; it has hundreds of dimensions, so no
  two samples share it.

Every column is confined to a window or static in time, so every product below is a
window or a per-frame sum; nothing of size :math:`D \times r` is ever stored.

The denoiser
============
Noise is added the flow-matching way, :math:`x_t = \alpha x_0 + \sigma \varepsilon` with
:math:`\alpha = 1 - t`, :math:`\sigma = t`. Under component :math:`k`, :math:`x_t` is
Gaussian with covariance :math:`C_k = \alpha^2 \Sigma_k + \sigma^2 I`, and the best guess of
the clean clip (the posterior mean, which a trained network only approximates) is

.. math::

    \mathbb E[x_0 \mid x_t] = \sum_k w_k(x_t) \big(\mu_k + \alpha\, \Sigma_k C_k^{-1} r_k\big),
    \quad r_k = x_t - \alpha \mu_k,\quad
    w_k \propto \pi_k\, \mathcal N(x_t;\ \alpha \mu_k,\ C_k).

With :math:`c = \alpha^2 s^2 + \sigma^2` and :math:`A = cI + \alpha^2 W W^\top`, whose
inverse is :math:`A^{-1} = I/c + \beta \hat W \hat W^\top` with
:math:`\beta = 1/(c + \alpha^2\nu) - 1/c`, the Woodbury identity leaves only
:math:`r \times r` matrices to invert:

.. math::

    H = V^\top A^{-1} V = V^\top V / c + \beta\, (\hat W^\top V)^\top (\hat W^\top V),
    \qquad M = (I + \alpha^2 H)^{-1},

    a = V^\top A^{-1} r = V^\top r / c + \beta\, (\hat W^\top V)^\top \hat W^\top r,

    r^\top C^{-1} r = \lVert r\rVert^2 / c + \beta \lVert \hat W^\top r\rVert^2
        - \alpha^2 a^\top M a,

    \log\det C = D \log c + n_W \log(1 + \alpha^2\nu/c) + \log\det(I + \alpha^2 H),

and, after simplifying :math:`\Sigma C^{-1} r` (:math:`V^\top C^{-1} r = M a`),

.. math::

    \mathbb E[x_0 \mid x_t, k] = \frac{\sigma^2}{c}\mu_k + \frac{\alpha s^2}{c} x_t
        + V \Big(\frac{\alpha\sigma^2}{c} M a\Big)
        + \hat W \Big(\frac{\alpha\nu\sigma^2}{c\,(c + \alpha^2\nu)}
            \big(\hat W^\top r - \alpha^2 (\hat W^\top V) M a\big)\Big).

At :math:`t = 1` (:math:`\alpha = 0`) this is the mixture's mean; at :math:`t \to 0` it is
:math:`x_t` itself. Terms common to every component (:math:`\lVert x_t\rVert^2`, the part
of :math:`\mu_k^\top x_t` from the shared background, :math:`D\log c`) cancel in
:math:`w_k` and are never computed.

Per-frame and joint
===================
The **joint** model treats the whole clip as one vector: sums run over all frames, and one
set of weights, colours and textures is chosen for the clip. The **per-frame** model is
the same formula with the sum over frames removed: each frame is its own vector under the
frame's marginal, a mixture of the templates' frames at that moment with the columns
restricted to that frame. It knows the frame's index (like an image model told the
moment), and nothing about the other frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .scene import Templates

LUMA = np.full(3, 1 / np.sqrt(3))  # the unit grey direction in RGB


@dataclass(frozen=True)
class Variation:
    """How much the samples of one template differ: standard deviations in pixel values
    (0-1, sRGB-encoded). Kept small where they change the whole frame, so that even the
    per-frame generator's flicker stays far below WCAG's flash threshold."""

    grain: float = 0.001  # s: every pixel, every frame (a quarter of an 8-bit step)
    tint: float = 0.01  # colour grade, per channel, whole clip
    light: float = 0.012  # each of four soft lighting patterns
    colour: float = 0.07  # the character's body colour, per channel
    pattern: float = 0.05  # the strength of its markings
    texture: float = 0.05  # tau: fine texture, per body pixel


def global_columns(height: int, width: int, variation: Variation) -> np.ndarray:
    """The shared columns G, static in time: (r_G, H, W, 3). Three tint columns (one per
    channel) and four smooth lighting patterns in grey."""
    rows = (np.arange(height) + 0.5) / height
    cols = (np.arange(width) + 0.5) / width
    y, x = np.meshgrid(rows, cols, indexing="ij")
    columns = []
    for channel in range(3):
        column = np.zeros((height, width, 3))
        column[..., channel] = variation.tint
        columns.append(column)
    patterns = (
        2 * x - 1,
        2 * y - 1,
        np.exp(-(((x - 0.3) / 0.25) ** 2 + ((y - 0.3) / 0.3) ** 2)),
        np.exp(-(((x - 0.75) / 0.2) ** 2 + ((y - 0.75) / 0.25) ** 2)),
    )
    for pattern in patterns:
        columns.append(np.repeat((variation.light * pattern)[..., None], 3, axis=2))
    return np.stack(columns)


@dataclass(frozen=True)
class _Stats:
    """The products the denoiser needs, per frame (T' = T) or for the whole clip (T' = 1)."""

    VtV: np.ndarray  # (K, T', r, r)
    WtV: np.ndarray  # (K, T', Q, r): unit texture columns against V
    PV: np.ndarray  # (K, T', r, r): WtV^T WtV
    VtMu: np.ndarray  # (K, T', r)
    WtMu: np.ndarray  # (K, T', Q)
    mu_sq: np.ndarray  # (K, T'): |mu|^2 less the shared |background|^2
    nu: float  # squared norm of a texture column
    scale_w: float  # a unit texture column's value per frame: 1 (per-frame) or 1/sqrt(T)


class ClipMixture:
    """The mixture of :mod:`streamlab.mixture` built on K templates.

    ``denoise`` is the exact posterior mean for a batch of noisy clips; ``sample`` draws
    exact samples directly (ancestral sampling, no diffusion), which the experiments use
    when they need many clips; ``posterior`` conditions on observed frames, which the
    chunked generator uses.
    """

    def __init__(
        self, templates: Templates, variation: Variation = Variation(), weights=None
    ) -> None:
        tp = self.templates = templates
        self.variation = variation
        K, T, S = tp.count, len(tp.frames), tp.window
        H, W = tp.height, tp.width
        self.shape = (T, H, W, 3)
        self.weights = (
            np.full(K, 1.0 / K) if weights is None else np.asarray(weights, float) / np.sum(weights)
        )

        G = global_columns(H, W, variation)
        self.r_global = G.shape[0]
        self.G_flat = G.reshape(self.r_global, -1)  # (rG, H*W*3)
        colour = np.einsum("kyx,cd->kyxcd", tp.body, np.eye(3)) * variation.colour
        pattern = (tp.pattern[..., None] * np.ones(3))[..., None] * variation.pattern
        self.U = np.concatenate([colour, pattern], axis=-1)  # (K, S, S, 3, rU)
        self.U_flat = self.U.reshape(K, S * S * 3, -1)
        self.r = self.r_global + self.U.shape[-1]
        self.mask = (tp.body > 0.5).astype(float)  # (K, S, S): texture support
        self.n_texture = self.mask.sum(axis=(1, 2))  # (K,)

        rows = tp.origins[..., 0][..., None, None] + np.arange(S)[:, None]
        cols = tp.origins[..., 1][..., None, None] + np.arange(S)[None, :]
        self.pixel_index = rows * W + cols  # (K, T, S, S) into one frame's pixels
        frame_index = self.pixel_index + (np.arange(T) * H * W)[None, :, None, None]
        # Flat indices of every window value (pixel and channel) in a flattened clip.
        self.flat_index = (frame_index[..., None] * 3 + np.arange(3)).reshape(K, T, -1)
        self.mask_flat = self.mask.reshape(K, 1, S * S)
        self.deltas_flat = tp.deltas.reshape(K, T, -1)
        self.bg_flat = tp.background.reshape(-1)
        self._cache: dict = {}

        Q, P = S * S, S * S * 3
        bg_flat = tp.background.reshape(-1, 3)
        bg_windows = bg_flat[self.pixel_index].reshape(K, T, P)
        deltas = tp.deltas.reshape(K, T, P)
        mu_windows = bg_windows + deltas
        # The global columns inside every window, (K, T, rG, P): G's values at the window.
        G_windows = G.reshape(self.r_global, H * W, 3)[:, self.pixel_index]
        G_windows = np.moveaxis(G_windows, 0, 2).reshape(K, T, self.r_global, P)

        # Per-frame products, window by window (batched matrix products).
        GG = self.G_flat @ self.G_flat.T
        GU = G_windows @ self.U_flat[:, None]  # (K, T, rG, rU)
        UU = self.U_flat.swapaxes(-1, -2) @ self.U_flat  # (K, rU, rU)
        VtV = np.empty((K, T, self.r, self.r))
        VtV[..., : self.r_global, : self.r_global] = GG
        VtV[..., : self.r_global, self.r_global :] = GU
        VtV[..., self.r_global :, : self.r_global] = np.swapaxes(GU, -1, -2)
        VtV[..., self.r_global :, self.r_global :] = UU[:, None]
        mask_q = self.mask.reshape(K, 1, Q, 1)
        # Unit texture columns against V: each column's grey value at its pixel.
        WG = np.swapaxes(
            G_windows.reshape(K, T, self.r_global, Q, 3) @ LUMA, -1, -2
        )  # (K, T, Q, rG)
        WU = np.swapaxes(
            self.U_flat.swapaxes(-1, -2).reshape(K, -1, Q, 3) @ LUMA, -1, -2
        )  # (K, Q, rU)
        WtV = (
            np.concatenate([WG, np.broadcast_to(WU[:, None], (K, T, Q, WU.shape[-1]))], axis=-1)
            * mask_q
        )
        GtMu = (self.G_flat @ bg_flat.reshape(-1))[None, None] + (G_windows @ deltas[..., None])[
            ..., 0
        ]
        UtMu = mu_windows @ self.U_flat  # (K, T, rU)
        VtMu = np.concatenate([GtMu, UtMu], axis=-1)
        WtMu = (mu_windows.reshape(K, T, Q, 3) @ LUMA) * mask_q[..., 0]
        mu_sq = np.sum((2 * bg_windows + deltas) * deltas, axis=-1)
        nu_frame = 3 * variation.texture**2
        self.per_frame = _Stats(
            VtV, WtV, WtV.swapaxes(-1, -2) @ WtV, VtMu, WtMu, mu_sq, nu_frame, 1.0
        )
        WtV_joint = WtV.sum(axis=1, keepdims=True) / np.sqrt(T)
        self.joint = _Stats(
            VtV.sum(axis=1, keepdims=True),
            WtV_joint,
            WtV_joint.swapaxes(-1, -2) @ WtV_joint,
            VtMu.sum(axis=1, keepdims=True),
            WtMu.sum(axis=1, keepdims=True) / np.sqrt(T),
            mu_sq.sum(axis=1, keepdims=True),
            nu_frame * T,
            1.0 / np.sqrt(T),
        )

    # --- analysis and synthesis: x against the columns, and columns times coefficients --
    # The big arrays (clips, windows) keep the dtype of the clips they come from: float32
    # in the generators, for speed; float64 in the tests against the dense reference. The
    # small products are always float64.

    def _big(self, name: str, dtype) -> np.ndarray:
        """A large constant array in the dtype of the clips, converted once."""
        key = (name, np.dtype(dtype).str)
        if key not in self._cache:
            self._cache[key] = np.ascontiguousarray(getattr(self, name), dtype=dtype)
        return self._cache[key]

    def _analyse(self, x: np.ndarray, frames: slice = slice(None)):
        """Per-frame products of clips x (N, T, H, W, 3) with the columns: V^T x
        (N, K, T, r), unit-texture^T x (N, K, T, Q) and Delta^T x (N, K, T)."""
        N, T = x.shape[:2]
        K, S = self.templates.count, self.templates.window
        index = self.flat_index[:, frames]
        windows = x.reshape(N, -1)[:, index]  # (N, K, T, S*S*3)
        # einsum, not BLAS: threaded BLAS is slower on a busy machine, and its sums may
        # depend on the thread count, which would break byte-identical clips.
        Gx = np.einsum("np,gp->ng", x.reshape(N * T, -1), self._big("G_flat", x.dtype))
        Gx = Gx.reshape(N, 1, T, -1)
        Ux = windows @ self._big("U_flat", x.dtype)  # (N, K, T, rU)
        Vx = np.concatenate([np.broadcast_to(Gx, (N, K, T, self.r_global)), Ux], axis=-1)
        Wx = (windows.reshape(N, K, T, S * S, 3) @ LUMA.astype(x.dtype)) * self._big(
            "mask_flat", x.dtype
        )
        Dx = np.einsum("nktp,ktp->nkt", windows, self._big("deltas_flat", x.dtype)[:, frames])
        return Vx.astype(np.float64), Wx.astype(np.float64), Dx.astype(np.float64)

    def _synthesise(self, out: np.ndarray, windows: np.ndarray) -> None:
        """Add per-template window images (N, K, T, S*S*3) into clips out (N, T, H, W, 3),
        in place."""
        flat = out.reshape(out.shape[0], -1)
        for k in range(self.templates.count):
            # Within one template no two windows share a pixel (they lie in different
            # frames), so a fancy-indexed += adds every value exactly once.
            flat[:, self.flat_index[k]] += windows[:, k]

    # --- the denoiser ------------------------------------------------------------------

    def denoise(
        self,
        x: np.ndarray,
        alpha: float,
        sigma: float,
        *,
        joint: bool = True,
        log_prior: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """E[x0 | x_t] for noisy clips x (N, T, H, W, 3) at x_t = alpha x0 + sigma eps, and
        the components' weights (N, K, T'), T' = 1 (joint) or T (per frame)."""
        stats = self.joint if joint else self.per_frame
        s2 = self.variation.grain**2
        if log_prior is None:
            log_prior = np.log(self.weights)
        Vx, Wx, Dx = self._analyse(x)
        if joint:
            Vx = Vx.sum(axis=2, keepdims=True)
            Wx = Wx.sum(axis=2, keepdims=True) * stats.scale_w
            Dx = Dx.sum(axis=2, keepdims=True)
        Vr = Vx - alpha * stats.VtMu
        Wr = Wx - alpha * stats.WtMu
        r_sq = -2 * alpha * Dx + alpha**2 * stats.mu_sq  # |r|^2 less terms shared by all k
        c = alpha**2 * s2 + sigma**2
        nu = stats.nu
        beta = 1 / (c + alpha**2 * nu) - 1 / c
        a = Vr / c + beta * (Wr[..., None, :] @ stats.WtV)[..., 0, :]
        A = np.eye(self.r) + alpha**2 * (stats.VtV / c + beta * stats.PV)
        M = np.linalg.inv(A)
        log_det = self.n_texture[:, None] * np.log1p(alpha**2 * nu / c) + np.linalg.slogdet(A)[1]
        Ma = (M @ a[..., None])[..., 0]
        quad = r_sq / c + beta * np.sum(Wr**2, axis=-1) - alpha**2 * np.sum(a * Ma, axis=-1)
        logits = log_prior[None, :, None] - 0.5 * (quad + log_det)
        logits -= logits.max(axis=1, keepdims=True)
        w = np.exp(logits)
        w /= w.sum(axis=1, keepdims=True)

        coef_v = (alpha * sigma**2 / c) * Ma
        h = Wr - alpha**2 * (stats.WtV @ Ma[..., None])[..., 0]
        coef_w = (alpha * nu * sigma**2 / (c * (c + alpha**2 * nu))) * h

        N = x.shape[0]
        T, H, W, _ = self.shape
        K, S = self.templates.count, self.templates.window
        dtype = x.dtype
        wv = (w[..., None] * coef_v).astype(dtype)  # (N, K, T', r)
        # Everything that covers whole frames: the background's share and the global columns.
        out = x * dtype.type(alpha * s2 / c)
        # A matrix product over only r_G terms: BLAS's sums here cannot depend on threading.
        frame_part = wv[..., : self.r_global].sum(axis=1) @ self._big("G_flat", dtype)
        frame_part += dtype.type(sigma**2 / c) * self._big("bg_flat", dtype)
        out += frame_part.reshape(N, -1, H, W, 3)
        # Everything inside the characters' windows.
        windows = (w[..., None] * (sigma**2 / c)).astype(dtype) * self._big("deltas_flat", dtype)
        windows += wv[..., self.r_global :] @ self._big("U_flat", dtype).swapaxes(-1, -2)
        texture = (w[..., None] * coef_w * stats.scale_w).astype(dtype) * self._big(
            "mask_flat", dtype
        )
        windows = windows.reshape(N, K, T, S * S, 3)
        windows += texture[..., None] * LUMA.astype(dtype)
        self._synthesise(out, windows.reshape(N, K, T, -1))
        return out, w

    # --- exact sampling and conditioning ----------------------------------------------

    def render(
        self,
        components: np.ndarray,
        z_global: np.ndarray,
        z_character: np.ndarray,
        z_texture: np.ndarray,
        dtype=np.float64,
    ) -> np.ndarray:
        """Clips from latent coefficients, without grain: ``components`` (N, T) picks the
        template of every frame, and the coefficients (N, T', rG), (N, T', rU), (N, T', Q)
        with T' = 1 (one per clip) or T (one per frame) multiply the columns."""
        N, T = components.shape
        K = self.templates.count
        frame_part = self.bg_flat + np.einsum("ntg,gp->ntp", z_global, self.G_flat)
        out = np.empty((N, *self.shape), dtype)
        out[...] = frame_part.reshape(N, z_global.shape[1], *self.shape[1:])
        flat = out.reshape(-1)
        z_character = np.broadcast_to(z_character, (N, T, z_character.shape[-1]))
        z_texture = np.broadcast_to(z_texture, (N, T, z_texture.shape[-1]))
        texture = self.variation.texture * z_texture  # (N, T, Q)
        clip_size = flat.size // N
        for k in range(K):
            # Every (clip, frame) showing template k, at once; no two share a pixel.
            clips, frames = np.nonzero(components == k)
            if not len(clips):
                continue
            windows = self.deltas_flat[k, frames] + z_character[clips, frames] @ self.U_flat[k].T
            grey = (
                (texture[clips, frames] * self.mask_flat[k]).reshape(len(clips), -1, 1)
                * LUMA
                * np.sqrt(3)
            )
            windows = windows + grey.reshape(len(clips), -1)
            flat[clips[:, None] * clip_size + self.flat_index[k, frames]] += windows.astype(dtype)
        return out

    def sample(
        self, rng: np.random.Generator, count: int, *, joint: bool = True, dtype=np.float32
    ) -> tuple[np.ndarray, np.ndarray]:
        """Exact samples (count, T, H, W, 3) and their components (count, T): pick a
        template, draw every coefficient from N(0, 1), add grain. Per frame, every frame
        draws its own template and coefficients."""
        T = self.shape[0]
        K, S = self.templates.count, self.templates.window
        per = 1 if joint else T
        picks = rng.choice(K, size=(count, per), p=self.weights)
        components = np.broadcast_to(picks, (count, T)).copy()
        z_global = rng.standard_normal((count, per, self.r_global))
        z_character = rng.standard_normal((count, per, self.r - self.r_global))
        z_texture = rng.standard_normal((count, per, S * S))
        clips = self.render(components, z_global, z_character, z_texture, dtype)
        clips += dtype(self.variation.grain) * rng.standard_normal(clips.shape, dtype=dtype)
        return clips, components

    def posterior(self, x: np.ndarray, observed: int) -> Posterior:
        r"""Condition on the first ``observed`` frames of one clip x (T, H, W, 3).

        With all coefficients stacked as :math:`z = (z_V, z_W) \sim \mathcal N(0, I)` and
        the columns :math:`F = [V_k, W_k]` restricted to the observed frames, the observed
        frames are :math:`x_o = \mu_{k,o} + F z + s\varepsilon`. So :math:`z` given
        :math:`x_o` is Gaussian with precision and mean

        .. math::

            P = I + F^\top F / s^2 = \begin{pmatrix} A & B \\ B^\top & D \end{pmatrix},
            \qquad m = P^{-1} F^\top (x_o - \mu_{k,o}) / s^2,

        where the texture block :math:`D` is diagonal (texture columns never overlap). The
        Schur complement :math:`S = A - B D^{-1} B^\top` is only :math:`r \times r`:
        :math:`m_V = S^{-1}(b_V - B D^{-1} b_W)`, :math:`m_W = D^{-1}(b_W - B^\top m_V)`,
        :math:`\log\det P = \sum \log D + \log\det S`, and the evidence is
        :math:`\log p(x_o \mid k) = -\tfrac12 (\lVert x_o - \mu_{k,o}\rVert^2 / s^2
        - b^\top m) - \tfrac12 \log\det P` + terms shared by every :math:`k`.
        """
        stats = self.per_frame
        s2 = self.variation.grain**2
        frames = slice(0, observed)
        Vx, Wx, Dx = self._analyse(np.asarray(x[None, :observed], np.float64), frames)
        tau3 = np.sqrt(3) * self.variation.texture  # a texture column's norm in one frame
        b_v = (Vx[0] - stats.VtMu[:, frames]).sum(axis=1) / s2  # (K, r)
        b_w = tau3 * (Wx[0] - stats.WtMu[:, frames]).sum(axis=1) / s2  # (K, Q)
        r_sq = (-2 * Dx[0] + stats.mu_sq[:, frames]).sum(axis=1)
        A = np.eye(self.r) + stats.VtV[:, frames].sum(axis=1) / s2
        B = tau3 * stats.WtV[:, frames].sum(axis=1).swapaxes(-1, -2) / s2  # (K, r, Q)
        D = 1 + 3 * self.variation.texture**2 * observed * self.mask.reshape(len(A), -1) / s2
        S = A - (B / D[:, None, :]) @ B.swapaxes(-1, -2)
        chol = np.linalg.cholesky(S)
        rhs = b_v - np.einsum("krq,kq->kr", B, b_w / D)
        m_v = np.linalg.solve(S, rhs[..., None])[..., 0]
        m_w = (b_w - np.einsum("krq,kr->kq", B, m_v)) / D
        log_det = np.log(D).sum(axis=1) + 2 * np.log(np.diagonal(chol, axis1=-2, axis2=-1)).sum(
            axis=-1
        )
        quad = np.sum(b_v * m_v, axis=-1) + np.sum(b_w * m_w, axis=-1)
        log_lik = -0.5 * (r_sq / s2 - quad) - 0.5 * log_det
        logits = np.log(self.weights) + log_lik
        w = np.exp(logits - logits.max())
        return Posterior(
            w / w.sum(),
            np.concatenate([m_v, m_w], axis=-1),
            chol,
            B,
            D,
            self.r_global,
            self.r,
            log_lik,
        )


@dataclass(frozen=True)
class Posterior:
    """Coefficients given observed frames: component weights (K,), posterior means
    (K, r + Q), and what drawing needs: the Cholesky factor of the Schur complement S
    (K, r, r), the coupling B (K, r, Q) and the diagonal D (K, Q) of the precision."""

    weights: np.ndarray
    mean: np.ndarray
    schur_chol: np.ndarray
    coupling: np.ndarray
    texture_precision: np.ndarray
    r_global: int
    r: int
    log_evidence: np.ndarray  # (K,) log p(x_o | k), up to a constant shared by every k

    def draw(self, rng: np.random.Generator, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Draw (z_global, z_character, z_texture) for component k from N(m, P^-1): first
        z_V with covariance S^-1 (z_V = m_V + L^-T e, S = L L^T), then z_W given z_V,
        with mean m_W - D^-1 B^T (z_V - m_V) and covariance D^-1."""
        r = self.r
        m_v, m_w = self.mean[k, :r], self.mean[k, r:]
        D = self.texture_precision[k]
        z_v = m_v + np.linalg.solve(self.schur_chol[k].T, rng.standard_normal(r))
        z_w = (
            m_w - (self.coupling[k].T @ (z_v - m_v)) / D + rng.standard_normal(len(D)) / np.sqrt(D)
        )
        return z_v[: self.r_global], z_v[self.r_global :], z_w


class GaussianMixture:
    r"""A mixture with dense covariances, for low dimensions: the flow-matching example in
    the plane, and the reference the structured :class:`ClipMixture` is tested against.
    Same formula, written out: :math:`C_k = \alpha^2\Sigma_k + \sigma^2 I`,
    :math:`\mathbb E[x_0\mid x_t,k] = \mu_k + \alpha\Sigma_k C_k^{-1}(x_t - \alpha\mu_k)`."""

    def __init__(self, means, covariances, weights=None) -> None:
        self.means = np.asarray(means, float)
        K, d = self.means.shape
        self.covariances = np.broadcast_to(np.asarray(covariances, float), (K, d, d))
        self.weights = (
            np.full(K, 1.0 / K) if weights is None else np.asarray(weights, float) / np.sum(weights)
        )

    def denoise(self, x: np.ndarray, alpha: float, sigma: float) -> tuple[np.ndarray, np.ndarray]:
        """E[x0 | x_t] for points x (N, d), and the weights (N, K)."""
        d = self.means.shape[1]
        C = alpha**2 * self.covariances + sigma**2 * np.eye(d)  # (K, d, d)
        r = x[:, None, :] - alpha * self.means[None]  # (N, K, d)
        g = np.linalg.solve(C[None], r[..., None])[..., 0]  # C^{-1} r
        log_det = np.linalg.slogdet(C)[1]
        logits = np.log(self.weights) - 0.5 * (np.sum(r * g, axis=-1) + log_det)
        w = np.exp(logits - logits.max(axis=1, keepdims=True))
        w /= w.sum(axis=1, keepdims=True)
        guesses = self.means[None] + alpha * np.einsum("kde,nke->nkd", self.covariances, g)
        return np.einsum("nk,nkd->nd", w, guesses), w

    def sample(self, rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact samples (count, d) and their components."""
        K, d = self.means.shape
        components = rng.choice(K, size=count, p=self.weights)
        factors = np.linalg.cholesky(self.covariances + 1e-12 * np.eye(d))
        noise = rng.standard_normal((count, d))
        return self.means[components] + np.einsum(
            "nde,ne->nd", factors[components], noise
        ), components
