//! SQLite storage: schema, migrations and queries. The only module that touches SQL.
