#!/usr/bin/env python3
"""National figures of a CityDiplomacy SQLite database, as the public sees them.

Usage: python3 bench/national-figures.py DATA_DIR   (DATA_DIR holds citydiplomacy.db)

Prints the open public flags by rule and the share of public twinnings with an open public point of attention
(the home page's definitions: public, not dismissed engagements; open flags of audience « public »), then the same
count with every open flag whatever its audience (the definition before flags had an audience), side by side.
"""
import sqlite3
import sys
from pathlib import Path

db = sqlite3.connect(f"file:{Path(sys.argv[1]) / 'citydiplomacy.db'}?mode=ro", uri=True)
q = lambda sql: db.execute(sql).fetchall()

public_twinnings = """SELECT Id FROM Engagements WHERE Kind = 'Twinning' AND Visibility = 'Public' AND DismissedOn IS NULL"""
twinnings = q(f"SELECT COUNT(*) FROM ({public_twinnings})")[0][0]
by_provenance = q("""SELECT Provenance, Status, COUNT(*) FROM Engagements WHERE Kind = 'Twinning' AND DismissedOn IS NULL
                     GROUP BY Provenance, Status ORDER BY 3 DESC""")
communes = q("""SELECT COUNT(DISTINCT CommuneCode) FROM Engagements WHERE Kind = 'Twinning' AND Visibility = 'Public' AND DismissedOn IS NULL""")[0][0]
rules = q("""SELECT f.RuleId, f.Audience, COUNT(*) FROM ScreeningFlags f JOIN Engagements e ON e.Id = f.EngagementId
             WHERE f.ResolvedAt IS NULL AND e.Visibility = 'Public' AND e.DismissedOn IS NULL
             GROUP BY f.RuleId, f.Audience ORDER BY 3 DESC""")
flagged_public = q(f"""SELECT COUNT(DISTINCT f.EngagementId) FROM ScreeningFlags f
                       WHERE f.ResolvedAt IS NULL AND f.Audience = 'Public' AND f.EngagementId IN ({public_twinnings})""")[0][0]
flagged_any = q(f"""SELECT COUNT(DISTINCT f.EngagementId) FROM ScreeningFlags f
                    WHERE f.ResolvedAt IS NULL AND f.EngagementId IN ({public_twinnings})""")[0][0]
located_by_source = q("""SELECT COUNT(*) FROM EngagementPartners WHERE Kind = 'Place' AND GeonameId IS NULL AND Latitude IS NOT NULL""")[0][0]

print(f"communes with a public twinning: {communes:,}; public twinnings: {twinnings:,}")
print("twinnings by provenance and status: " + ", ".join(f"{p}/{s} {n:,}" for p, s, n in by_provenance))
print(f"partners located by their source's coordinates: {located_by_source:,}")
print("open flags on public engagements, by rule and audience:")
for rule, audience, n in rules:
    print(f"  {rule:<28} {audience:<9} {n:,}")
share = lambda n: f"{n:,} of {twinnings:,} ({n / twinnings:.1%})" if twinnings else "—"
print(f"public twinnings with an open public point of attention: {share(flagged_public)}")
print(f"  (counting every open flag whatever its audience:        {share(flagged_any)})")
