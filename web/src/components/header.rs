//! The top bar.

use yew::prelude::*;

/// The app header: logo, title and tagline.
#[function_component(Header)]
pub fn header() -> Html {
    html! {
        <header class="app-header">
            <div class="app-header__logo" aria-hidden="true">{ "IAM" }</div>
            <div>
                <h1 class="app-header__title">{ "IAM Playground" }</h1>
                <p class="app-header__tagline">
                    { "Write an AWS IAM policy, see what it allows. Runs entirely in your browser." }
                </p>
            </div>
            <div class="app-header__spacer"></div>
            <span class="app-header__badge" title="Nothing you type leaves this page">{ "offline" }</span>
        </header>
    }
}
