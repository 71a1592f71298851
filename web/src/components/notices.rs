//! Messages above the workspace (a link that could not be opened, an import that failed...).

use yew::prelude::*;

use super::icons;
use crate::state::{Notice, NoticeLevel};

/// Properties of [`Notices`].
#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    /// The messages.
    pub notices: Vec<Notice>,
    /// Dismisses the message at this position.
    pub on_dismiss: Callback<usize>,
}

/// The list of messages.
#[function_component(Notices)]
pub fn notices(props: &NoticesProps) -> Html {
    if props.notices.is_empty() {
        return Html::default();
    }
    html! {
        <div class="notices">
            { for props.notices.iter().enumerate().map(|(index, notice)| {
                let error = notice.level == NoticeLevel::Error;
                let on_dismiss = props.on_dismiss.clone();
                html! {
                    <div class={classes!("notice", if error { "notice--error" } else { "notice--info" })}
                        role={if error { "alert" } else { "status" }} data-testid="notice">
                        <span class="notice__icon">{ icons::warning() }</span>
                        <span class="notice__text">{ &notice.text }</span>
                        <button type="button" class="icon-button" aria-label="Dismiss"
                            onclick={Callback::from(move |_| on_dismiss.emit(index))}>{ icons::close() }</button>
                    </div>
                }
            }) }
        </div>
    }
}
