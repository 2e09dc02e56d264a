using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Research.Trials;

/// <summary>
/// The trial registry: one local SQLite file (Microsoft.Data.Sqlite, write-ahead log, 5 s busy timeout so that two
/// processes can record into it) holding every trial that could have been selected — backtests, walk-forward windows
/// and evaluations, strategy profiles compared, hyperparameter trials — with its configuration hash, family and
/// Sharpe series. <see cref="Statistics"/> gives the N and V[SR_n] of the deflated Sharpe ratio of a candidate in a
/// family (Bailey &amp; López de Prado 2014, "The Deflated Sharpe Ratio", J. Portfolio Management 40(5), eq. 2).
/// <para>Counting rule: N is the number of distinct configuration hashes in the family (recording the same
/// configuration again, over another range or by another command, is not another trial). Each configuration's
/// Sharpe estimate is that of its record with the most session-day returns (the latest recorded on a tie), per day
/// and not annualised; V is the sample variance (N−1 normalizer) of those estimates.</para>
/// Not thread-safe: one instance per caller; other processes may use the same file.
/// </summary>
public sealed class TrialRegistry : IDisposable
{
    /// <summary>The schema version stored in the file (<c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = 1;

    private const string Columns = "trial_id, family, configuration_hash, kind, run_source, calendar, oos_from, oos_to, days, daily_returns, sharpe_per_period, observations";

    private readonly SqliteConnection _connection;

    private TrialRegistry(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The registry file, absolute.</summary>
    public string Path { get; }

    /// <summary>The default file under a state folder: <c>{state}/research/trials.sqlite</c>.</summary>
    /// <param name="stateFolder">The state folder (e.g. the silo's <c>Storage:Path</c>, <c>state</c>).</param>
    /// <returns>The path.</returns>
    public static string DefaultPath(string stateFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateFolder);
        return System.IO.Path.Combine(stateFolder, "research", "trials.sqlite");
    }

    /// <summary>Opens the registry at <paramref name="path"/>, creating the folder, the file and its table when missing.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <returns>The open registry; dispose it to close the file.</returns>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="InvalidDataException">The file is not a trial registry of this schema version (the message names
    /// the file and both versions).</exception>
    /// <exception cref="SqliteException">The file cannot be opened (not a database, locked past the timeout).</exception>
    public static TrialRegistry Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var builder = new SqliteConnectionStringBuilder { DataSource = full, Pooling = false, DefaultTimeout = 5 };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;");
            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
            if (version == 0)
            {
                Execute(
                    connection,
                    $"""
                    CREATE TABLE IF NOT EXISTS trials (
                        trial_id TEXT PRIMARY KEY,
                        family TEXT NOT NULL,
                        configuration_hash TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        run_source TEXT NOT NULL,
                        calendar TEXT NOT NULL,
                        oos_from TEXT NOT NULL,
                        oos_to TEXT NOT NULL,
                        days TEXT NOT NULL,
                        daily_returns TEXT NOT NULL,
                        sharpe_per_period REAL,
                        observations INTEGER NOT NULL,
                        sequence INTEGER NOT NULL);
                    CREATE INDEX IF NOT EXISTS trials_by_family ON trials (family, configuration_hash);
                    PRAGMA user_version = {SchemaVersion};
                    """);
            }
            else if (version != SchemaVersion)
            {
                throw new InvalidDataException($"Trial registry '{full}' has schema version {version}; this build reads version {SchemaVersion}.");
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new TrialRegistry(full, connection);
    }

    /// <summary>Records a trial, replacing the one with the same <see cref="TrialRecord.TrialId"/> (it then counts as
    /// recorded now).</summary>
    /// <param name="trial">The trial.</param>
    /// <exception cref="ArgumentException">Its days and returns differ in length.</exception>
    public void Record(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.Days.Length != trial.DailyReturns.Length)
        {
            throw new ArgumentException($"Trial {trial.TrialId} has {trial.Days.Length} days and {trial.DailyReturns.Length} returns; they must match.", nameof(trial));
        }

        using var command = _connection.CreateCommand();
        command.CommandText =
            $"""
            INSERT INTO trials ({Columns}, sequence)
            VALUES ($id, $family, $hash, $kind, $source, $calendar, $from, $to, $days, $returns, $sharpe, $n,
                    (SELECT COALESCE(MAX(sequence), 0) + 1 FROM trials))
            ON CONFLICT (trial_id) DO UPDATE SET
                family = excluded.family, configuration_hash = excluded.configuration_hash, kind = excluded.kind,
                run_source = excluded.run_source, calendar = excluded.calendar, oos_from = excluded.oos_from,
                oos_to = excluded.oos_to, days = excluded.days, daily_returns = excluded.daily_returns,
                sharpe_per_period = excluded.sharpe_per_period, observations = excluded.observations,
                sequence = excluded.sequence;
            """;
        command.Parameters.AddWithValue("$id", trial.TrialId);
        command.Parameters.AddWithValue("$family", trial.Family);
        command.Parameters.AddWithValue("$hash", trial.ConfigurationHash);
        command.Parameters.AddWithValue("$kind", Snake(trial.Kind));
        command.Parameters.AddWithValue("$source", Snake(trial.RunSource));
        command.Parameters.AddWithValue("$calendar", trial.Calendar);
        command.Parameters.AddWithValue("$from", Date(trial.OutOfSampleFrom));
        command.Parameters.AddWithValue("$to", Date(trial.OutOfSampleTo));
        command.Parameters.AddWithValue("$days", JsonSerializer.Serialize(trial.Days.Select(Date).ToArray()));
        command.Parameters.AddWithValue("$returns", JsonSerializer.Serialize(trial.DailyReturns));
        command.Parameters.AddWithValue("$sharpe", trial.SharpePerPeriod is { } s ? s : DBNull.Value);
        command.Parameters.AddWithValue("$n", trial.Observations);
        command.ExecuteNonQuery();
    }

    /// <summary>The trials of a family in recording order (oldest first).</summary>
    /// <param name="family">The family.</param>
    /// <returns>The trials; empty for an unknown family.</returns>
    public IReadOnlyList<TrialRecord> Trials(string family)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(family);
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM trials WHERE family = $family ORDER BY sequence;";
        command.Parameters.AddWithValue("$family", family);
        using var reader = command.ExecuteReader();
        var result = new List<TrialRecord>();
        while (reader.Read())
        {
            result.Add(new TrialRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                Enum.Parse<TrialKind>(Pascal(reader.GetString(3))),
                Enum.Parse<RunSource>(Pascal(reader.GetString(4))),
                reader.GetString(5),
                DateOnly.ParseExact(reader.GetString(6), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(reader.GetString(7), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                (JsonSerializer.Deserialize<string[]>(reader.GetString(8)) ?? []).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(),
                JsonSerializer.Deserialize<double[]>(reader.GetString(9)) ?? [],
                reader.IsDBNull(10) ? null : reader.GetDouble(10)));
        }

        return result;
    }

    /// <summary>N and V[SR_n] of a family by the counting rule of this type: one Sharpe estimate per distinct
    /// configuration hash (its record with the most returns; the latest recorded on a tie).</summary>
    /// <param name="family">The candidate's family; the candidate must have been recorded.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException">The family has no trial.</exception>
    public TrialStatistics Statistics(string family)
    {
        var representatives = Trials(family)
            .Select((t, order) => (Trial: t, Order: order))
            .GroupBy(x => x.Trial.ConfigurationHash, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(x => x.Trial.Observations).ThenByDescending(x => x.Order).First().Trial.SharpePerPeriod)
            .ToArray();
        return TrialStatistics.Of(family, representatives);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _connection.Dispose();

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Snake<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
