"""Reference seeds for StudentGrainAdaptationTests: FNV-1a (64-bit; Fowler, Noll, Vo) over the ticker's UTF-16 code
units, then the little-endian bytes of the day number (days since 0001-01-01, .NET's DateOnly.DayNumber) and of the
run index, each widened to 8 bytes. Run with /usr/bin/python3; prints the values the test asserts."""
import datetime

OFFSET, PRIME, MASK = 14695981039346656037, 1099511628211, 2**64 - 1


def seed(ticker: str, day: datetime.date, run: int) -> int:
    h = OFFSET
    for ch in ticker:
        h = ((h ^ ord(ch)) * PRIME) & MASK
    for value in ((day - datetime.date(1, 1, 1)).days, run):
        for b in range(8):
            h = ((h ^ ((value >> (8 * b)) & 0xFF)) * PRIME) & MASK
    return h


for args in [("IBM", datetime.date(2013, 10, 7), 0), ("IBM", datetime.date(2013, 10, 7), 1), ("AIG", datetime.date(2013, 10, 8), 0)]:
    print(args[0], args[1].isoformat(), args[2], seed(*args))
