//! Connections to an SMTP relay reached without encryption or password (`smtp://host:port`, a
//! mail server on this machine or its private network), kept open between messages.
//!
//! Each is a TCP connection with `TCP_NODELAY`: a message's end (`\r\n.\r\n`) is a small write
//! after the body's, and with Nagle's algorithm it would wait for the server to acknowledge the
//! body, which servers delay by up to 40 ms, for every message. Encrypted or authenticated
//! servers go through lettre's own transport instead, a connection per message.

use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::extension::ClientId;
use tokio::sync::Mutex;

/// A connection unused for longer than this is closed rather than used: servers drop idle ones.
const IDLE: Duration = Duration::from_secs(30);
/// A connection used this recently is used again without asking first whether it still answers.
const FRESH: Duration = Duration::from_secs(1);
/// Connections kept open between messages, at most.
const KEPT: usize = 16;

/// A relay's address and the connections open to it, idle.
pub struct Relay {
    host: String,
    port: u16,
    hello: ClientId,
    timeout: Duration,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
}

impl Relay {
    pub fn new(host: &str, port: u16, timeout: Duration) -> Self {
        Self {
            host: host.to_owned(),
            port,
            hello: ClientId::default(),
            timeout,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Hands one message to the relay, on an idle connection that still answers, or a new one.
    /// A message that fails is not sent again here: the server may have taken it already.
    pub async fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), String> {
        let mut conn = match self.take_idle().await {
            Some(conn) => conn,
            None => self.connect().await?,
        };
        self.send_on(&mut conn, envelope, message).await?;
        self.keep(conn).await;
        Ok(())
    }

    async fn send_on(
        &self,
        conn: &mut AsyncSmtpConnection,
        envelope: &Envelope,
        message: &[u8],
    ) -> Result<(), String> {
        match tokio::time::timeout(self.timeout, conn.send(envelope, message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => {
                conn.abort().await;
                Err(format!("no answer within {} s", self.timeout.as_secs()))
            }
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, String> {
        let address = (self.host.as_str(), self.port);
        let stream = tokio::time::timeout(self.timeout, tokio::net::TcpStream::connect(address))
            .await
            .map_err(|_| format!("no connection within {} s", self.timeout.as_secs()))?
            .map_err(|e| e.to_string())?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let greeted = AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello);
        tokio::time::timeout(self.timeout, greeted)
            .await
            .map_err(|_| format!("no greeting within {} s", self.timeout.as_secs()))?
            .map_err(|e| e.to_string())
    }

    /// An idle connection that still answers: used within the last second, or answering a NOOP
    /// now; those too old or closed are dropped.
    async fn take_idle(&self) -> Option<AsyncSmtpConnection> {
        loop {
            let (mut conn, since) = self.idle.lock().await.pop()?;
            if since.elapsed() >= IDLE || conn.has_broken() {
                continue;
            }
            if since.elapsed() < FRESH {
                return Some(conn);
            }
            let answers = tokio::time::timeout(self.timeout, conn.test_connected()).await;
            if answers == Ok(true) {
                return Some(conn);
            }
        }
    }

    async fn keep(&self, conn: AsyncSmtpConnection) {
        if conn.has_broken() {
            return;
        }
        let mut idle = self.idle.lock().await;
        if idle.len() < KEPT {
            idle.push((conn, Instant::now()));
        }
    }
}
