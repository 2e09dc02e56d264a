using System.Text.Json;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>
/// The JSON encoding of an <see cref="AccountSnapshot"/> (UTF-8, source-generated, no reflection), with the journal's
/// exact encodings (<see cref="TradingJournalJson"/>): prices, quantities and times as their raw 64-bit integers,
/// symbols and ClOrdIDs as text, enums as names, decimals with their digits and scale. Decoding is strict: the schema
/// version must be <see cref="AccountSnapshot.CurrentSchemaVersion"/>, every field must be present (nulls only where
/// the type allows them) and unknown fields are refused.
/// </summary>
public static class AccountSnapshotJson
{
    /// <summary>Encodes <paramref name="snapshot"/> as UTF-8 JSON.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    public static byte[] Serialize(AccountSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return JsonSerializer.SerializeToUtf8Bytes(snapshot, AccountSnapshotJsonContext.Default.AccountSnapshot);
    }

    /// <summary>Decodes a snapshot written by <see cref="Serialize"/> and checks its shape (no missing collections or
    /// records); <see cref="AccountEngine.RecoverAsync"/> checks the rest against the account.</summary>
    /// <exception cref="AccountSnapshotException">The bytes are not JSON, <c>schemaVersion</c> is missing or not
    /// <see cref="AccountSnapshot.CurrentSchemaVersion"/>, or a field is missing, unknown, null where not allowed or
    /// of the wrong form; <see cref="AccountSnapshotException.Field"/> names it.</exception>
    public static AccountSnapshot Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        var version = ReadSchemaVersion(utf8Json);
        if (version != AccountSnapshot.CurrentSchemaVersion)
        {
            throw new AccountSnapshotException("schemaVersion", $"the snapshot has schema version {version}; this build reads version {AccountSnapshot.CurrentSchemaVersion}.");
        }

        AccountSnapshot? snapshot;
        try
        {
            snapshot = JsonSerializer.Deserialize(utf8Json, AccountSnapshotJsonContext.Default.AccountSnapshot);
        }
        catch (JsonException e)
        {
            throw new AccountSnapshotException(FieldOf(e.Path), e.Message, e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException or NotSupportedException)
        {
            throw new AccountSnapshotException(e is ArgumentException { ParamName: { Length: > 0 } name } ? name : "$", $"does not decode: {e.Message}", e);
        }

        if (snapshot is null)
        {
            throw new AccountSnapshotException("$", "the snapshot is JSON null.");
        }

        AccountSnapshotValidator.ValidateShape(snapshot);
        return snapshot;
    }

    private static int ReadSchemaVersion(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new AccountSnapshotException("$", "a snapshot is a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("schemaVersion"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version)
                        ? version
                        : throw new AccountSnapshotException("schemaVersion", $"must be an integer, found a {reader.TokenType} token.");
                }

                reader.Skip();
            }
        }
        catch (JsonException e)
        {
            throw new AccountSnapshotException("$", $"not valid JSON: {e.Message}", e);
        }

        throw new AccountSnapshotException("schemaVersion", "missing.");
    }

    private static string FieldOf(string? path) => path switch
    {
        null or "" or "$" => "$",
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ => path,
    };
}
