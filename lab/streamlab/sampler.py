r"""Sampling by following the flow from noise to data.

Flow matching (rectified flow) joins noise and data by straight lines,
:math:`x_t = (1 - t)\,x_0 + t\,\varepsilon`, :math:`t` from 1 (pure noise) to 0 (data). The
velocity along the flow is :math:`v = \mathbb E[\varepsilon - x_0 \mid x_t] =
(x_t - \hat x_0) / t`, where :math:`\hat x_0 = \mathbb E[x_0 \mid x_t]` comes from the
denoiser (exact here, learned in a real model). An Euler step from :math:`t` to :math:`t'` is

.. math::

    x_{t'} = x_t + (t' - t)\, v = (1 - t')\,\hat x_0 + t'\,\hat\varepsilon,
    \qquad \hat\varepsilon = (x_t - (1 - t)\,\hat x_0) / t,

which is also the deterministic DDIM update written for this noise schedule. With
``eta`` > 0 part of :math:`\hat\varepsilon` is replaced by fresh noise (``eta`` = 1 is
DDPM-style ancestral sampling):

.. math::

    x_{t'} = \alpha'\hat x_0 + \sqrt{\sigma'^2 - \rho^2}\,\hat\varepsilon + \rho\, z,\quad
    \rho = \eta\,\sigma' \sqrt{1 - \Big(\frac{\alpha\,\sigma'}{\alpha'\,\sigma}\Big)^2},

with :math:`\alpha = 1 - t`, :math:`\sigma = t`; :math:`\rho^2` is the variance of
:math:`x_{t'}` given :math:`x_t` and :math:`x_0` under the forward process.

At :math:`t = 1` the denoiser can only return the data's mean, so a single Euler step
lands every sample there: the reason one-step sampling needs a distilled model.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Denoiser = Callable[[np.ndarray, float, float], np.ndarray]


def time_grid(steps: int, shift: float = 1.0) -> np.ndarray:
    """``steps + 1`` times from 1 to 0. ``shift`` > 1 spends more steps at the noisy end,
    as Stable Diffusion 3 does for large inputs: :math:`t = s u / (1 + (s - 1) u)` for
    evenly spaced :math:`u`."""
    u = np.linspace(1.0, 0.0, steps + 1)
    return shift * u / (shift * u + (1 - u))  # this form is exactly 1 at u = 1


def sample(
    denoise: Denoiser,
    noise: np.ndarray,
    steps: int,
    *,
    shift: float = 1.0,
    eta: float = 0.0,
    fresh_noise: Callable[[int], np.ndarray] | None = None,
    on_step: Callable[[int, float, np.ndarray], None] | None = None,
) -> np.ndarray:
    """Run the sampler from ``noise`` (the state at t = 1) and return the state at t = 0.

    ``denoise(x, alpha, sigma)`` returns the guess of the clean data; ``on_step(i, t,
    guess)`` sees that guess at every step (the trajectory figure draws it);
    ``fresh_noise(i)`` supplies the new noise of step i when ``eta`` > 0.
    """
    grid = time_grid(steps, shift)
    x = noise
    for i in range(steps):
        t, t_next = float(grid[i]), float(grid[i + 1])
        alpha, sigma = 1.0 - t, t
        guess = denoise(x, alpha, sigma)
        if on_step is not None:
            on_step(i, t, guess)
        if t_next <= 0.0:
            return guess
        eps = (x - alpha * guess) / sigma
        alpha_next, sigma_next = 1.0 - t_next, t_next
        if eta > 0.0:
            ratio = alpha * sigma_next / (alpha_next * sigma)
            rho = eta * sigma_next * np.sqrt(max(0.0, 1.0 - ratio**2))
            if fresh_noise is None:
                raise ValueError("eta > 0 needs fresh noise")
            x = alpha_next * guess + np.sqrt(sigma_next**2 - rho**2) * eps + rho * fresh_noise(i)
        else:
            x = alpha_next * guess + sigma_next * eps
    return x
