//! Temporary stand-in (replaced by the conversion module).
#![allow(missing_docs)]
use crate::{ApiVersion, Hub, SmiObject};
pub struct Loss {
    pub path: String,
    pub message: String,
}
pub struct Converted<T> {
    pub object: T,
    pub lost: Vec<Loss>,
}
#[derive(Debug)]
pub struct ConvertError;
impl std::fmt::Display for ConvertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stub")
    }
}
pub fn to_hub(o: &SmiObject) -> Result<Converted<Hub>, ConvertError> {
    Ok(Converted {
        object: match o {
            SmiObject::TrafficTargetV1alpha3(t) => Hub::TrafficTarget(t.clone()),
            SmiObject::HttpRouteGroupV1alpha4(t) => Hub::HttpRouteGroup(t.clone()),
            SmiObject::TcpRouteV1alpha4(t) => Hub::TcpRoute(t.clone()),
            SmiObject::UdpRouteV1alpha4(t) => Hub::UdpRoute(t.clone()),
            SmiObject::TrafficSplitV1alpha4(t) => Hub::TrafficSplit(t.clone()),
            _ => return Err(ConvertError),
        },
        lost: vec![],
    })
}
pub fn to_hub_version(o: &SmiObject) -> Result<Converted<SmiObject>, ConvertError> {
    Ok(Converted {
        object: o.clone(),
        lost: vec![],
    })
}
pub fn convert(o: &SmiObject, _: ApiVersion) -> Result<Converted<SmiObject>, ConvertError> {
    Ok(Converted {
        object: o.clone(),
        lost: vec![],
    })
}
