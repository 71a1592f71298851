//! Worlds for tests and measurements: a generated world of any size, with an organization,
//! users in groups, roles trusting accounts, users, providers and services, and resources
//! with policies. Deterministic for a seed, and always a world that loads.

use iam_world::model::{
    AccountDoc, GroupDoc, IdentityProviderDoc, OrgAccountDoc, OrgUnitDoc, OrganizationDoc,
    ResourceDoc, RoleDoc, UserDoc, WorldDoc,
};

/// A small deterministic generator (xorshift), so tests need no dependency for randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// The id of generated account `index`.
pub fn account_id(index: usize) -> String {
    format!("{:012}", 100_000_000_000 + index as u64 * 1_111)
}

/// A world of `accounts` accounts and about `nodes` nodes spread among them.
pub fn generated_world(seed: u64, accounts: usize, nodes: usize) -> WorldDoc {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let accounts = accounts.max(1);
    let mut docs: Vec<AccountDoc> = (0..accounts)
        .map(|i| AccountDoc {
            id: account_id(i),
            name: Some(format!("Account {}", i + 1)),
            ..AccountDoc::default()
        })
        .collect();
    for n in 0..nodes {
        let a = rng.below(accounts);
        let kind = rng.below(6);
        let id = account_id(a);
        let Some(account) = docs.get_mut(a) else {
            continue;
        };
        match kind {
            0 | 1 => {
                let groups: Vec<String> = account
                    .groups
                    .iter()
                    .filter(|_| rng.below(3) == 0)
                    .map(|g| g.name.clone())
                    .collect();
                account.users.push(UserDoc {
                    name: format!("user{n}"),
                    groups,
                    ..UserDoc::default()
                });
            }
            2 => account.groups.push(GroupDoc {
                name: format!("group{n}"),
                ..GroupDoc::default()
            }),
            3 | 4 => {
                let trusted = match rng.below(4) {
                    0 => format!(
                        "\"AWS\": \"arn:aws:iam::{}:root\"",
                        account_id(rng.below(accounts))
                    ),
                    1 => "\"Service\": \"lambda.amazonaws.com\"".to_owned(),
                    2 => format!("\"AWS\": \"{}\"", account_id(accounts + 3)),
                    _ => format!("\"AWS\": \"arn:aws:iam::{}:root\"", id),
                };
                account.roles.push(RoleDoc {
                    name: format!("role{n}"),
                    trust_policy: format!(
                        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Principal\": {{{trusted}}}, \"Action\": \"sts:AssumeRole\", \"Condition\": {{\"Bool\": {{\"aws:MultiFactorAuthPresent\": \"true\"}}}}}}]}}"
                    ),
                    ..RoleDoc::default()
                });
            }
            _ => {
                let grantee = account_id(rng.below(accounts));
                account.resources.push(ResourceDoc::S3Bucket {
                    name: format!("bucket-{n}-{seed}"),
                    region: None,
                    policy: Some(format!(
                        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Principal\": {{\"AWS\": \"{grantee}\"}}, \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::bucket-{n}-{seed}/*\"}}]}}"
                    )),
                    tags: Default::default(),
                    objects: Vec::new(),
                });
            }
        }
    }
    if let Some(first) = docs.first_mut() {
        first.identity_providers.push(IdentityProviderDoc::Saml {
            name: "Corp".to_owned(),
            issuer: "https://idp.example.com/".to_owned(),
        });
    }
    let units: Vec<OrgUnitDoc> = (0..2)
        .map(|u| OrgUnitDoc {
            name: Some(format!("Unit{u}")),
            accounts: (1..accounts)
                .filter(|i| i % 2 == u)
                .map(|i| OrgAccountDoc {
                    id: account_id(i),
                    ..OrgAccountDoc::default()
                })
                .collect(),
            ..OrgUnitDoc::default()
        })
        .filter(|u| !u.accounts.is_empty())
        .collect();
    WorldDoc {
        version: 1,
        title: Some(format!("Generated world {seed}")),
        organization: Some(OrganizationDoc {
            id: None,
            management_account: account_id(0),
            root: OrgUnitDoc {
                accounts: vec![OrgAccountDoc {
                    id: account_id(0),
                    ..OrgAccountDoc::default()
                }],
                units,
                ..OrgUnitDoc::default()
            },
            policies: Vec::new(),
        }),
        accounts: docs,
        ..WorldDoc::default()
    }
}
