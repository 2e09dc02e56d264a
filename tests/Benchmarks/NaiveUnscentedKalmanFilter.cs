using Quant.Orleans.Numerics.Filters;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// The benchmarks' reference: a textbook additive-noise UKF (Wan and van der Merwe, 2000, Algorithm 3.1, sigma points
/// redrawn before the update) written the naive way: two-dimensional <c>double[,]</c> arrays with bounds checks, the
/// textbook Cholesky–Banachiewicz factorisation (no jitter), means accumulated as Σ Wᵢ yᵢ, the full (non-symmetric)
/// covariance sums, and the model called through <see cref="IStateSpaceModel"/> on one sigma point at a time. Work
/// arrays are allocated once, so it allocates nothing per step either: the comparison is about arithmetic and memory
/// access, not the garbage collector.
/// </summary>
public sealed class NaiveUnscentedKalmanFilter
{
    private readonly IStateSpaceModel _model;
    private readonly int _n;
    private readonly int _m;
    private readonly double _gamma;
    private readonly double[] _wm;
    private readonly double[] _wc;
    private readonly double[] _x;
    private readonly double[,] _p;
    private readonly double[,] _l;
    private readonly double[,] _sigma;
    private readonly double[,] _fx;
    private readonly double[,] _hx;
    private readonly double[] _rowIn;
    private readonly double[] _rowOut;
    private readonly double[] _obsOut;
    private readonly double[] _qFlat;
    private readonly double[] _rFlat;
    private readonly double[] _zHat;
    private readonly double[,] _s;
    private readonly double[,] _sInv;
    private readonly double[,] _work;
    private readonly double[,] _pxz;
    private readonly double[,] _k;

    /// <summary>Creates the reference filter with the sigma-point parameters of <paramref name="points"/>.</summary>
    /// <param name="model">The model (n, m).</param>
    /// <param name="points">Sigma-point weights for dimension n.</param>
    /// <param name="x0">Prior mean, length n.</param>
    /// <param name="p0">Prior covariance, (n, n) row-major.</param>
    public NaiveUnscentedKalmanFilter(IStateSpaceModel model, MerweScaledSigmaPoints points, double[] x0, double[] p0)
    {
        _model = model;
        _n = model.StateDimension;
        _m = model.ObservationDimension;
        _gamma = points.Gamma;
        _wm = points.MeanWeights.ToArray();
        _wc = points.CovarianceWeights.ToArray();
        var count = (2 * _n) + 1;
        _x = (double[])x0.Clone();
        _p = new double[_n, _n];
        for (var i = 0; i < _n; i++)
        {
            for (var j = 0; j < _n; j++)
            {
                _p[i, j] = p0[(i * _n) + j];
            }
        }

        _l = new double[_n, _n];
        _sigma = new double[count, _n];
        _fx = new double[count, _n];
        _hx = new double[count, _m];
        _rowIn = new double[_n];
        _rowOut = new double[_n];
        _obsOut = new double[_m];
        _qFlat = new double[_n * _n];
        _rFlat = new double[_m * _m];
        _zHat = new double[_m];
        _s = new double[_m, _m];
        _sInv = new double[_m, _m];
        _work = new double[_m, _m];
        _pxz = new double[_n, _m];
        _k = new double[_n, _m];
        model.ObservationNoise(_rFlat);
    }

    /// <summary>The state mean, length n.</summary>
    public double[] State => _x;

    /// <summary>Predict over Δt then update with z.</summary>
    /// <param name="dt">Δt in seconds.</param>
    /// <param name="z">Observation, length m.</param>
    public void Step(double dt, double[] z)
    {
        var count = (2 * _n) + 1;
        Draw();
        for (var k = 0; k < count; k++)
        {
            for (var i = 0; i < _n; i++)
            {
                _rowIn[i] = _sigma[k, i];
            }

            _model.Transition(_rowIn, dt, _rowOut);
            for (var i = 0; i < _n; i++)
            {
                _fx[k, i] = _rowOut[i];
            }
        }

        for (var i = 0; i < _n; i++)
        {
            var s = 0.0;
            for (var k = 0; k < count; k++)
            {
                s += _wm[k] * _fx[k, i];
            }

            _x[i] = s;
        }

        _model.ProcessNoise(dt, _qFlat);
        for (var i = 0; i < _n; i++)
        {
            for (var j = 0; j < _n; j++)
            {
                var s = _qFlat[(i * _n) + j];
                for (var k = 0; k < count; k++)
                {
                    s += _wc[k] * (_fx[k, i] - _x[i]) * (_fx[k, j] - _x[j]);
                }

                _p[i, j] = s;
            }
        }

        Draw();
        for (var k = 0; k < count; k++)
        {
            for (var i = 0; i < _n; i++)
            {
                _rowIn[i] = _sigma[k, i];
            }

            _model.Observe(_rowIn, _obsOut);
            for (var a = 0; a < _m; a++)
            {
                _hx[k, a] = _obsOut[a];
            }
        }

        for (var a = 0; a < _m; a++)
        {
            var s = 0.0;
            for (var k = 0; k < count; k++)
            {
                s += _wm[k] * _hx[k, a];
            }

            _zHat[a] = s;
        }

        for (var a = 0; a < _m; a++)
        {
            for (var b = 0; b < _m; b++)
            {
                var s = _rFlat[(a * _m) + b];
                for (var k = 0; k < count; k++)
                {
                    s += _wc[k] * (_hx[k, a] - _zHat[a]) * (_hx[k, b] - _zHat[b]);
                }

                _s[a, b] = s;
            }
        }

        for (var i = 0; i < _n; i++)
        {
            for (var a = 0; a < _m; a++)
            {
                var s = 0.0;
                for (var k = 0; k < count; k++)
                {
                    s += _wc[k] * (_sigma[k, i] - _x[i]) * (_hx[k, a] - _zHat[a]);
                }

                _pxz[i, a] = s;
            }
        }

        Invert();
        for (var i = 0; i < _n; i++)
        {
            for (var a = 0; a < _m; a++)
            {
                var s = 0.0;
                for (var b = 0; b < _m; b++)
                {
                    s += _pxz[i, b] * _sInv[b, a];
                }

                _k[i, a] = s;
            }
        }

        for (var i = 0; i < _n; i++)
        {
            var s = 0.0;
            for (var a = 0; a < _m; a++)
            {
                s += _k[i, a] * (z[a] - _zHat[a]);
            }

            _x[i] += s;
        }

        for (var i = 0; i < _n; i++)
        {
            for (var j = 0; j < _n; j++)
            {
                var s = 0.0;
                for (var a = 0; a < _m; a++)
                {
                    for (var b = 0; b < _m; b++)
                    {
                        s += _k[i, a] * _s[a, b] * _k[j, b];
                    }
                }

                _p[i, j] -= s;
            }
        }
    }

    private void Draw()
    {
        // Cholesky–Banachiewicz: L[i,j] = (P[i,j] − Σₖ L[i,k]L[j,k]) / L[j,j], L[j,j] = √(P[j,j] − Σₖ L[j,k]²).
        for (var i = 0; i < _n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = _p[i, j];
                for (var k = 0; k < j; k++)
                {
                    s -= _l[i, k] * _l[j, k];
                }

                _l[i, j] = i == j ? Math.Sqrt(s) : s / _l[j, j];
            }
        }

        for (var r = 0; r < _n; r++)
        {
            _sigma[0, r] = _x[r];
        }

        for (var c = 0; c < _n; c++)
        {
            for (var r = 0; r < _n; r++)
            {
                _sigma[c + 1, r] = _x[r] + (_gamma * _l[r, c]);
                _sigma[c + 1 + _n, r] = _x[r] - (_gamma * _l[r, c]);
            }
        }
    }

    private void Invert()
    {
        // Gauss–Jordan inverse of S (m × m), no pivoting: S is symmetric positive-definite.
        for (var a = 0; a < _m; a++)
        {
            for (var b = 0; b < _m; b++)
            {
                _sInv[a, b] = a == b ? 1.0 : 0.0;
            }
        }

        var work = _work;
        for (var a = 0; a < _m; a++)
        {
            for (var b = 0; b < _m; b++)
            {
                work[a, b] = _s[a, b];
            }
        }

        for (var c = 0; c < _m; c++)
        {
            var pivot = work[c, c];
            for (var b = 0; b < _m; b++)
            {
                work[c, b] /= pivot;
                _sInv[c, b] /= pivot;
            }

            for (var r = 0; r < _m; r++)
            {
                if (r == c)
                {
                    continue;
                }

                var f = work[r, c];
                for (var b = 0; b < _m; b++)
                {
                    work[r, b] -= f * work[c, b];
                    _sInv[r, b] -= f * _sInv[c, b];
                }
            }
        }
    }
}
