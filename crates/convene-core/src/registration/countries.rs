//! Countries (ISO 3166-1) with their names in each language.
