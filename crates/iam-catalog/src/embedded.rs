//! The catalogue compiled into the binary, for native tools such as the CLI.

use std::sync::OnceLock;

use crate::{Catalog, CatalogError};

static DATA: &[u8] = include_bytes!("../data/catalog.json");

static CATALOG: OnceLock<Result<Catalog, CatalogError>> = OnceLock::new();

impl Catalog {
    /// The embedded catalogue, parsed on first use, or why it failed to load.
    pub fn try_embedded() -> Result<&'static Catalog, &'static CatalogError> {
        CATALOG.get_or_init(|| Catalog::from_bytes(DATA)).as_ref()
    }

    /// The embedded catalogue, parsed on first use. Tests check that the embedded data loads;
    /// should it ever not, this returns an empty catalogue rather than panicking (use
    /// [`Catalog::try_embedded`] to see the error).
    pub fn embedded() -> &'static Catalog {
        static EMPTY: OnceLock<Catalog> = OnceLock::new();
        match Catalog::try_embedded() {
            Ok(catalog) => catalog,
            Err(_) => EMPTY.get_or_init(Catalog::empty),
        }
    }

    fn empty() -> Catalog {
        Catalog {
            source: crate::Source {
                package: String::new(),
                version: String::new(),
                license: String::new(),
                updated_at: None,
            },
            services: Vec::new(),
            global_keys: Vec::new(),
            key_aliases: Vec::new(),
        }
    }
}
