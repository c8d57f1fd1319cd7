"""Open data: every export of SoLozère in a national schema, listed on one page, /opendata/.

- `places`: the places, schema « Lieux de médiation numérique » (/opendata/lieux.csv);
- `aids`: the aid schemes and the aids paid, schemas « Dispositifs d'aides » and « SCDL Subventions »
  (/opendata/aides/dispositifs.csv, /opendata/aides/subventions.csv).

Each module maps rows with pure functions and reads the database in one export function; `views` serves them."""
