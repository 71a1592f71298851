//! The palette: what can be added to the world, one button each. A click adds the entity to
//! the selected account (or the first one) under a free name; the new node is then selected,
//! ready to rename.

use iam_world::edit::NewEntity;
use yew::prelude::*;

use super::icons;

/// The icon of a palette entry.
fn icon_of(entity: Option<NewEntity>) -> &'static str {
    match entity {
        None => "account",
        Some(NewEntity::User) => "user",
        Some(NewEntity::Group) => "group",
        Some(NewEntity::Role) => "role",
        Some(NewEntity::Bucket) => "bucket",
        Some(NewEntity::Queue) => "queue",
        Some(NewEntity::KmsKey) => "key",
        Some(NewEntity::SamlProvider | NewEntity::OidcProvider) => "provider",
    }
}

/// Properties of [`Palette`].
#[derive(Properties, PartialEq)]
pub struct PaletteProps {
    /// Adds an entity (`None`: an account).
    pub on_add: Callback<Option<NewEntity>>,
    /// The account new entities go to, for the tooltips.
    #[prop_or_default]
    pub account: Option<AttrValue>,
}

/// The palette.
#[function_component(Palette)]
pub fn palette(props: &PaletteProps) -> Html {
    let entries = std::iter::once(None).chain(NewEntity::ALL.iter().copied().map(Some));
    let into = props
        .account
        .as_deref()
        .map(|a| format!(" to {a}"))
        .unwrap_or_default();
    html! {
        <div class="dg-palette" role="toolbar" aria-label="Add to the world" data-testid="palette">
            <span class="dg-palette__title">{ "Add" }</span>
            { for entries.map(|entity| {
                let noun = entity.map_or("account", NewEntity::noun);
                let title = match entity {
                    None => "Add an account".to_owned(),
                    Some(_) => format!("Add a {noun}{into}"),
                };
                let on_add = props.on_add.clone();
                let onclick = Callback::from(move |_: MouseEvent| on_add.emit(entity));
                let short = match entity {
                    Some(NewEntity::SamlProvider) => "SAML",
                    Some(NewEntity::OidcProvider) => "OIDC",
                    Some(NewEntity::KmsKey) => "Key",
                    Some(NewEntity::Bucket) => "Bucket",
                    Some(NewEntity::Queue) => "Queue",
                    Some(NewEntity::User) => "User",
                    Some(NewEntity::Group) => "Group",
                    Some(NewEntity::Role) => "Role",
                    None => "Account",
                };
                html! {
                    <button type="button" class="dg-palette__item" {onclick} title={title.clone()} aria-label={title}
                        data-entity={noun}>
                        { icons::inline(icon_of(entity)) }
                        <span class="dg-palette__label">{ short }</span>
                    </button>
                }
            }) }
        </div>
    }
}
