//! Reading the compact data file (format described in DATA.md) into a [`Catalog`].
//!
//! The file is JSON made of positional arrays rather than objects, and actions refer to
//! resource types and condition keys by index, which keeps it small and quick to parse.

use serde::Deserialize;

use crate::error::CatalogError;
use crate::model::{
    AccessLevel, Action, ActionResource, ConditionKey, KeyScope, KeyType, ResourceType, Service,
};
use crate::resource::CompiledTemplate;
use crate::text::is_sorted_ignore_case;
use crate::{Catalog, Source};

/// The format version this crate reads; the generator writes the same number.
pub(crate) const FORMAT_VERSION: u32 = 1;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCatalog {
    format: u32,
    source: Source,
    global_keys: Vec<(String, String, String)>,
    condition_key_aliases: Vec<(String, Vec<String>)>,
    services: Vec<RawService>,
}

#[derive(Deserialize)]
struct RawService(
    String,
    String,
    Vec<RawAction>,
    Vec<RawResourceType>,
    Vec<RawKey>,
);

#[derive(Deserialize)]
struct RawAction(String, u8, String, Vec<RawActionResource>, Vec<u32>);

#[derive(Deserialize)]
struct RawActionResource(u32, u8, #[serde(default)] Vec<u32>);

#[derive(Deserialize)]
struct RawResourceType(String, String, Vec<u32>);

#[derive(Deserialize)]
struct RawKey(String, String, String);

/// Parses and checks `bytes`; see [`Catalog::from_bytes`].
pub(crate) fn load(bytes: &[u8]) -> Result<Catalog, CatalogError> {
    let raw: RawCatalog =
        serde_json::from_slice(bytes).map_err(|e| CatalogError::Malformed(e.to_string()))?;
    if raw.format != FORMAT_VERSION {
        return Err(CatalogError::UnsupportedFormat {
            found: raw.format,
            expected: FORMAT_VERSION,
        });
    }
    let global_keys = raw
        .global_keys
        .into_iter()
        .map(|(name, type_name, category)| {
            condition_key(
                name,
                &type_name,
                String::new(),
                KeyScope::Global { category },
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    ensure_sorted(&global_keys, |k| &k.name, "global condition keys")?;
    let services = raw
        .services
        .into_iter()
        .map(service)
        .collect::<Result<Vec<_>, _>>()?;
    ensure_sorted(&services, |s| &s.prefix, "services")?;
    let mut catalog = Catalog {
        source: raw.source,
        services,
        global_keys,
        key_aliases: Vec::new(),
    };
    catalog.key_aliases = aliases(&catalog, raw.condition_key_aliases)?;
    Ok(catalog)
}

fn ensure_sorted<T>(
    items: &[T],
    name: impl Fn(&T) -> &str,
    list: &str,
) -> Result<(), CatalogError> {
    if is_sorted_ignore_case(items, name) {
        Ok(())
    } else {
        Err(CatalogError::Unsorted {
            list: list.to_owned(),
        })
    }
}

fn condition_key(
    name: String,
    type_name: &str,
    description: String,
    scope: KeyScope,
) -> Result<ConditionKey, CatalogError> {
    let key_type = KeyType::parse(type_name).ok_or_else(|| CatalogError::UnknownConditionType {
        key: name.clone(),
        type_name: type_name.to_owned(),
    })?;
    Ok(ConditionKey {
        name,
        key_type,
        description,
        scope,
    })
}

fn service(raw: RawService) -> Result<Service, CatalogError> {
    let RawService(prefix, name, raw_actions, raw_resource_types, raw_keys) = raw;
    let condition_keys = raw_keys
        .into_iter()
        .map(|RawKey(key, type_name, description)| {
            condition_key(
                key,
                &type_name,
                description,
                KeyScope::Service(prefix.clone()),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let resource_types: Vec<ResourceType> = raw_resource_types
        .into_iter()
        .map(
            |RawResourceType(name, arn_template, condition_keys)| ResourceType {
                name,
                arn_template,
                condition_keys,
                compiled: CompiledTemplate::default(),
            },
        )
        .collect();
    let actions = raw_actions
        .into_iter()
        .map(|raw| action(&prefix, raw))
        .collect::<Result<Vec<_>, _>>()?;
    let service = Service {
        prefix,
        name,
        actions,
        resource_types,
        condition_keys,
    };
    check_service(&service)?;
    Ok(service)
}

fn action(prefix: &str, raw: RawAction) -> Result<Action, CatalogError> {
    let RawAction(name, level, description, resources, condition_keys) = raw;
    let access_level =
        AccessLevel::from_code(level).ok_or_else(|| CatalogError::UnknownAccessLevel {
            action: format!("{prefix}:{name}"),
            code: level,
        })?;
    let resources = resources
        .into_iter()
        .map(
            |RawActionResource(resource_type, required, condition_keys)| ActionResource {
                resource_type,
                required: required != 0,
                condition_keys,
            },
        )
        .collect();
    Ok(Action {
        name,
        access_level,
        description,
        resources,
        condition_keys,
    })
}

/// Checks sort order (lookups binary-search) and that every index points at an entry.
fn check_service(service: &Service) -> Result<(), CatalogError> {
    let prefix = &service.prefix;
    ensure_sorted(&service.actions, |a| &a.name, &format!("{prefix} actions"))?;
    ensure_sorted(
        &service.resource_types,
        |r| &r.name,
        &format!("{prefix} resource types"),
    )?;
    ensure_sorted(
        &service.condition_keys,
        |k| &k.name,
        &format!("{prefix} condition keys"),
    )?;
    let key_count = service.condition_keys.len();
    let type_count = service.resource_types.len();
    let dangling = |referrer: &str| CatalogError::DanglingReference {
        service: prefix.clone(),
        referrer: referrer.to_owned(),
    };
    let keys_ok = |keys: &[u32]| keys.iter().all(|&k| (k as usize) < key_count);
    for resource_type in &service.resource_types {
        if !keys_ok(&resource_type.condition_keys) {
            return Err(dangling(&format!("resource type {}", resource_type.name)));
        }
    }
    for action in &service.actions {
        let resources_ok = action
            .resources
            .iter()
            .all(|r| (r.resource_type as usize) < type_count && keys_ok(&r.condition_keys));
        if !resources_ok || !keys_ok(&action.condition_keys) {
            return Err(dangling(&format!("action {}", action.name)));
        }
    }
    Ok(())
}

/// Resolves condition-key prefixes that are not service prefixes (e.g. `saml:` keys live
/// in `sts`) to service indexes.
fn aliases(
    catalog: &Catalog,
    raw: Vec<(String, Vec<String>)>,
) -> Result<Vec<(String, Vec<usize>)>, CatalogError> {
    let resolved = raw
        .into_iter()
        .map(|(alias, prefixes)| {
            let services = prefixes
                .iter()
                .map(|p| {
                    catalog
                        .service_index(p)
                        .ok_or_else(|| CatalogError::DanglingReference {
                            service: p.clone(),
                            referrer: format!("condition key prefix {alias}"),
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((alias, services))
        })
        .collect::<Result<Vec<_>, CatalogError>>()?;
    ensure_sorted(&resolved, |(alias, _)| alias, "condition key aliases")?;
    Ok(resolved)
}
