//! Roles per event: admins work on every event; an editor or a viewer only on the events an admin
//! granted them, with the role granted there.

use convene_core::Slug;

use crate::users::unknown_user_or;
use crate::{Role, Store, StoreError, UnitOfWork, UserId, stored};

impl UnitOfWork {
    /// Grants account `user_id` `role` on `event_id` (editor or viewer), or, with `None`, takes
    /// its role there away. An admin's grants change nothing: admins work on every event.
    pub async fn set_event_role(
        &mut self,
        user_id: &UserId,
        event_id: &str,
        role: Option<Role>,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        let fail = |e| {
            unknown_user_or(user_id, e, |e| {
                StoreError::failed(backend, "granting a role on an event", e)
            })
        };
        let tx = self.connection();
        sqlx::query("DELETE FROM event_roles WHERE user_id = $1 AND event_id = $2")
            .bind(user_id.as_str())
            .bind(event_id)
            .execute(&mut *tx)
            .await
            .map_err(fail)?;
        if let Some(role) = role.filter(|r| *r != Role::Admin) {
            sqlx::query("INSERT INTO event_roles (user_id, event_id, role) VALUES ($1, $2, $3)")
                .bind(user_id.as_str())
                .bind(event_id)
                .bind(role.as_str())
                .execute(&mut *tx)
                .await
                .map_err(fail)?;
        }
        Ok(())
    }
}

impl Store {
    /// The role account `user` has on `event_id`: an admin's own, or the one granted there, no
    /// more than the account's own role (a viewer's grants are read-only); `None` when the event
    /// is none of theirs.
    pub async fn event_role(
        &self,
        user: &crate::User,
        event_id: &str,
    ) -> Result<Option<Role>, StoreError> {
        if user.role == Role::Admin {
            return Ok(Some(Role::Admin));
        }
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM event_roles WHERE user_id = $1 AND event_id = $2")
                .bind(user.id.as_str())
                .bind(event_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| StoreError::failed(self.backend, "reading a role on an event", e))?;
        let granted = role.map(|r| stored_role(&r)).transpose()?;
        Ok(granted.map(|granted| match user.role {
            Role::Viewer => Role::Viewer,
            _ => granted,
        }))
    }

    /// Every grant of a role on an event, by account and event.
    pub async fn event_roles(&self) -> Result<Vec<(UserId, Slug, Role)>, StoreError> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT user_id, event_id, role FROM event_roles ORDER BY user_id, event_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading the roles on events", e))?;
        rows.into_iter()
            .map(|(user, event, role)| {
                Ok((
                    UserId::stored(user),
                    stored::event_id(&event)?,
                    stored_role(&role)?,
                ))
            })
            .collect()
    }

    /// Grants a role on an event on its own; see [`UnitOfWork::set_event_role`].
    pub async fn set_event_role(
        &self,
        user_id: &UserId,
        event_id: &str,
        role: Option<Role>,
    ) -> Result<(), StoreError> {
        let mut unit = self.begin("granting a role on an event").await?;
        unit.set_event_role(user_id, event_id, role).await?;
        unit.commit().await
    }
}

fn stored_role(text: &str) -> Result<Role, StoreError> {
    Role::parse(text).ok_or_else(|| StoreError::Corrupt {
        what: format!("\"{text}\" as a role on an event"),
    })
}
