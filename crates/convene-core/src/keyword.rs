//! Closed vocabularies written as kebab-case words in files and URLs (`thematic-workshop`, `on-site`).

/// A closed set of values, each written as one kebab-case word.
pub trait Keyword: Sized + Copy + 'static {
    /// Every value, in the order they are listed to people.
    const ALL: &'static [Self];

    /// The word for this value in programme files, URLs and JSON.
    fn keyword(self) -> &'static str;

    /// The value for a word, exactly as [`Keyword::keyword`] writes it.
    fn from_keyword(word: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.keyword() == word)
    }

    /// The words, quoted and joined for an error message: `"online", "on-site" or "hybrid"`.
    fn expected() -> String {
        let words: Vec<String> = Self::ALL
            .iter()
            .map(|v| format!("\"{}\"", v.keyword()))
            .collect();
        match words.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// Declares a `Keyword` enum with its words, and serialises it as its word.
macro_rules! keyword_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $crate::keyword::Keyword for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn keyword(self) -> &'static str {
                match self { $(Self::$variant => $word),+ }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::keyword::Keyword::keyword(*self))
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($word),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

pub(crate) use keyword_enum;
