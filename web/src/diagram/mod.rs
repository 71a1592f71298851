//! The diagram, as pure data: the world document turned into a graph of nodes, containers and
//! edges ([`model`]), placed by an automatic layout that the user's stored positions override
//! ([`layout`]), with the geometry of every edge and of the view ([`geometry`]).
//!
//! Nothing here touches the DOM: the canvas component renders what these functions return,
//! and the native tests check the properties that make a diagram legible (no two nodes
//! overlap, every node sits inside its account, every arrow starts and ends on its nodes'
//! borders). The diagram is derived from the document on every change; the only thing the
//! diagram owns is the view (pan and zoom).

pub mod cli;
pub mod gallery;
pub mod geometry;
pub mod layout;
pub mod model;
pub mod testing;

pub use geometry::{Point, Rect, View};
pub use layout::{DiagramLayout, layout};
pub use model::{Container, ContainerKind, Edge, EdgeKind, GraphModel, Node, NodeKind};
