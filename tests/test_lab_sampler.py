"""The lab's sampler: the closed-form denoiser against a dense reference, and samples
against the analytic mixture."""

from __future__ import annotations

import numpy as np
import pytest
from streamlab import scene
from streamlab.generators import flow_2d_data
from streamlab.mixture import ClipMixture
from streamlab.sampler import sample, time_grid
from streamlab.threads import one_blas_thread


@pytest.fixture(autouse=True, scope="module")
def _one_blas_thread():
    """As in the lab's entry points: one BLAS thread (much faster on a busy machine)."""
    with one_blas_thread():
        yield


TINY = dict(count=3, height=18, width=32, fps=24, start=5, length=3)


def columns(model: ClipMixture, k: int, frames: list[int]) -> np.ndarray:
    """Every column of component k's covariance written out over the given frames (D, m):
    the model as stated in its docstring, built pixel by pixel."""
    tp = model.templates
    _, H, W, _ = model.shape
    S = tp.window
    out = [np.stack([g] * len(frames)).ravel() for g in model.G_flat.reshape(-1, H, W, 3)]
    for u in range(model.U.shape[-1]):
        column = np.zeros((len(frames), H, W, 3))
        for i, t in enumerate(frames):
            r, c = tp.origins[k, t]
            column[i, r : r + S, c : c + S] += model.U[k, ..., u]
        out.append(column.ravel())
    for q in np.flatnonzero(model.mask[k].ravel()):
        column = np.zeros((len(frames), H, W, 3))
        for i, t in enumerate(frames):
            r, c = tp.origins[k, t]
            column[i, r + q // S, c + q % S] = model.variation.texture
        out.append(column.ravel())
    return np.stack(out, axis=1)


def reference(
    model: ClipMixture, x: np.ndarray, alpha: float, sigma: float, frame: int | None = None
):
    """E[x0 | x_t] and the weights by the textbook formula with explicit columns F:
    C = alpha^2 (s^2 I + F F^T) + sigma^2 I, inverted by the plain Woodbury identity. Shares
    nothing with the structured code but the model's definition."""
    T = model.shape[0]
    frames = list(range(T)) if frame is None else [frame]
    s2 = model.variation.grain**2
    c = alpha**2 * s2 + sigma**2
    guesses, logits = [], []
    for k in range(model.templates.count):
        F = columns(model, k, frames)
        mean = model.templates.clip(k)[frames].ravel()
        r = x - alpha * mean  # (N, D)
        small = np.eye(F.shape[1]) + alpha**2 * F.T @ F / c
        Cinv_r = r / c - alpha**2 * (np.linalg.solve(small, F.T @ r.T).T @ F.T) / c**2
        log_det = len(mean) * np.log(c) + np.linalg.slogdet(small)[1]
        logits.append(-0.5 * (np.sum(r * Cinv_r, axis=1) + log_det))
        sigma_Cinv_r = s2 * Cinv_r + (Cinv_r @ F) @ F.T
        guesses.append(mean + alpha * sigma_Cinv_r)
    logits = np.array(logits).T + np.log(model.weights)
    weights = np.exp(logits - logits.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    return np.einsum("nk,knd->nd", weights, np.array(guesses)), weights


@pytest.fixture(scope="module")
def tiny() -> ClipMixture:
    return ClipMixture(scene.templates(*TINY.values()))


def test_every_template_has_texture_and_a_body(tiny):
    assert (tiny.n_texture > 0).all()
    assert tiny.r == 11


@pytest.mark.parametrize("alpha", [0.0, 0.3, 0.8, 0.97])
def test_joint_denoiser_equals_the_dense_formula(tiny, alpha):
    x = np.random.default_rng(1).normal(0.3, 0.5, (4, *tiny.shape))
    expected, expected_weights = reference(tiny, x.reshape(4, -1), alpha, 1 - alpha)
    guess, weights = tiny.denoise(x, alpha, 1 - alpha, joint=True)
    assert np.abs(guess.reshape(4, -1) - expected).max() < 1e-9
    assert np.abs(weights[:, :, 0] - expected_weights).max() < 1e-9


@pytest.mark.parametrize("alpha", [0.3, 0.9])
def test_per_frame_denoiser_equals_each_frames_marginal(tiny, alpha):
    x = np.random.default_rng(2).normal(0.3, 0.5, (3, *tiny.shape))
    guess, weights = tiny.denoise(x, alpha, 1 - alpha, joint=False)
    for t in range(tiny.shape[0]):
        expected, expected_weights = reference(
            tiny, x[:, t].reshape(3, -1), alpha, 1 - alpha, frame=t
        )
        assert np.abs(guess[:, t].reshape(3, -1) - expected).max() < 1e-9
        assert np.abs(weights[:, :, t] - expected_weights).max() < 1e-9


def test_at_pure_noise_the_guess_is_the_mixture_mean(tiny):
    x = np.random.default_rng(3).standard_normal((2, *tiny.shape))
    guess, _ = tiny.denoise(x, 0.0, 1.0)
    mean = np.mean([tiny.templates.clip(k) for k in range(tiny.templates.count)], axis=0)
    assert np.abs(guess - mean).max() < 1e-12


def test_posterior_matches_gaussian_conditioning(tiny):
    """The chunked generator's conditioning: the evidence of each template and the mean
    of the unseen frames given the first two, against the textbook formulas with the
    covariance C = s^2 I + F F^T written out."""
    clip, picks = tiny.sample(np.random.default_rng(5), 1, dtype=np.float64)
    observed = 2
    frames = list(range(tiny.shape[0]))
    size = clip[0, :observed].size
    x_o = clip[0, :observed].ravel()
    s2 = tiny.variation.grain**2
    posterior = tiny.posterior(clip[0], observed)
    expected_evidence = []
    for k in range(tiny.templates.count):
        F = columns(tiny, k, frames)
        mean = tiny.templates.clip(k).ravel()
        F_o, r_o = F[:size], x_o - mean[:size]
        # C_oo = s^2 I + F_o F_o^T, inverted and its determinant taken by Woodbury.
        small = np.eye(F.shape[1]) + F_o.T @ F_o / s2
        Cinv_r = r_o / s2 - F_o @ np.linalg.solve(small, F_o.T @ r_o) / s2**2
        log_det = size * np.log(s2) + np.linalg.slogdet(small)[1]
        expected_evidence.append(-0.5 * r_o @ Cinv_r - 0.5 * log_det)
        conditional = mean[size:] + F[size:] @ (F_o.T @ Cinv_r)
        z = posterior.mean[k]
        rendered = tiny.render(
            np.full((1, tiny.shape[0]), k),
            z[None, None, : posterior.r_global],
            z[None, None, posterior.r_global : posterior.r],
            z[None, None, posterior.r :],
        )
        assert np.abs(rendered.ravel()[size:] - conditional).max() < 1e-8
    # The evidence is defined up to a constant shared by all templates.
    expected = np.array(expected_evidence) - expected_evidence[picks[0, 0]]
    got = posterior.log_evidence - posterior.log_evidence[picks[0, 0]]
    assert np.abs(got - expected).max() < 1e-6 * np.abs(expected).max()
    assert posterior.weights.argmax() == picks[0, 0]


@pytest.fixture(scope="module")
def ode_samples():
    """600 joint samples of a small mixture by 20 Euler steps of the flow, and as many
    exact (ancestral) samples."""
    model = ClipMixture(scene.templates(4, 18, 32, 24, 0, 4))
    noise = np.random.default_rng(0).standard_normal((600, *model.shape))
    final = {}

    def denoise(x, alpha, sigma):
        guess, final["weights"] = model.denoise(x, alpha, sigma)
        return guess

    clips = sample(denoise, noise, 20, shift=0.3)
    exact, exact_components = model.sample(np.random.default_rng(1), 600, dtype=np.float64)
    return model, clips, final["weights"][:, :, 0].argmax(axis=1), exact, exact_components[:, 0]


def test_sampled_component_frequencies_match_the_mixture_weights(ode_samples):
    model, _, components, _, _ = ode_samples
    frequencies = np.bincount(components, minlength=4) / len(components)
    # Binomial standard error at p = 1/4, n = 600 is 0.018; allow four of them.
    assert np.abs(frequencies - model.weights).max() < 0.072


def test_samples_of_each_component_average_to_its_template(ode_samples):
    model, clips, components, _, _ = ode_samples
    for k in range(4):
        members = clips[components == k]
        error = np.abs(members.mean(axis=0) - model.templates.clip(k))
        assert error.mean() < 0.004
        assert error.max() < 0.08


def test_samples_spread_like_exact_samples_not_like_a_lookup_table(ode_samples):
    """Around its template, each sample's body colour varies as much as exact samples'
    does (within 20 %: 20 Euler steps shrink it a little), so the sampler does not just
    return templates."""
    model, clips, components, exact, exact_components = ode_samples

    def body_spread(batch, picks):
        values = []
        for clip, k in zip(batch, picks, strict=True):
            mask = model.templates.body_masks(k)
            values.append((clip - model.templates.clip(k))[mask].mean(axis=0))
        return np.var(values, axis=0).sum()

    ratio = body_spread(clips, components) / body_spread(exact, exact_components)
    assert 0.8 < ratio < 1.2
    assert body_spread(clips, components) > 1e-3


def test_more_steps_converge_on_the_exact_spread():
    model = ClipMixture(scene.templates(2, 18, 32, 24, 0, 2))
    noise = np.random.default_rng(4).standard_normal((200, *model.shape))
    exact = model.sample(np.random.default_rng(5), 200, dtype=np.float64)[0]

    def residual(clips):
        means = np.stack([model.templates.clip(k) for k in range(2)])
        return np.min([np.var(clips - m[None], axis=0).mean() for m in means])

    few = sample(lambda x, a, s: model.denoise(x, a, s)[0], noise, 4, shift=1.0)
    many = sample(lambda x, a, s: model.denoise(x, a, s)[0], noise, 100, shift=1.0)
    assert abs(residual(many) / residual(exact) - 1) < abs(residual(few) / residual(exact) - 1)


def test_time_grid_runs_from_noise_to_data():
    grid = time_grid(10, shift=0.3)
    assert grid[0] == 1.0 and grid[-1] == 0.0 and np.all(np.diff(grid) < 0)
    assert time_grid(10, 0.3)[5] < time_grid(10, 1.0)[5] < time_grid(10, 3.0)[5]


def test_one_euler_step_of_flow_2d_lands_every_sample_on_the_data_mean():
    model = flow_2d_data(seed=0, points=5, spread=0.0)
    start = np.random.default_rng(0).standard_normal((300, 2)) * 3
    landed = sample(lambda x, a, s: model.denoise(x, a, s)[0], start, 1)
    assert np.abs(landed - model.means.mean(axis=0)).max() < 1e-12
    two = sample(lambda x, a, s: model.denoise(x, a, s)[0], start, 2)
    assert np.abs(two - model.means.mean(axis=0)).max() > 0.5  # two steps already spread out


def test_many_steps_of_flow_2d_reach_the_data_points():
    model = flow_2d_data(seed=0, points=5, spread=0.0)
    start = np.random.default_rng(0).standard_normal((300, 2))
    landed = sample(lambda x, a, s: model.denoise(x, a, s)[0], start, 200)
    nearest = np.linalg.norm(landed[:, None] - model.means[None], axis=-1).min(axis=1)
    assert nearest.max() < 0.02


def test_stochastic_sampling_also_matches_the_weights():
    model = ClipMixture(scene.templates(4, 18, 32, 24, 0, 2))
    rng = np.random.default_rng(7)
    noise = rng.standard_normal((400, *model.shape))
    final = {}

    def denoise(x, alpha, sigma):
        guess, final["weights"] = model.denoise(x, alpha, sigma)
        return guess

    sample(denoise, noise, 30, eta=1.0, fresh_noise=lambda i: rng.standard_normal(noise.shape))
    frequencies = np.bincount(final["weights"][:, :, 0].argmax(axis=1), minlength=4) / 400
    assert np.abs(frequencies - 0.25).max() < 0.09
