//! Work a handler starts after it has answered (so that the answer's timing tells nothing
//! about the outcome), tracked so that shutdown waits for it before the store is closed.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

/// Counts the post-answer tasks still running.
#[derive(Debug, Default)]
pub struct AfterAnswer {
    running: AtomicUsize,
    idle: Notify,
}

/// Marks one task finished when dropped, also when the task panics.
struct Running(Arc<AfterAnswer>);

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl AfterAnswer {
    /// Runs `work` in the background, counted until it ends.
    pub fn spawn(self: &Arc<Self>, work: impl Future<Output = ()> + Send + 'static) {
        self.running.fetch_add(1, Ordering::SeqCst);
        let guard = Running(Arc::clone(self));
        tokio::spawn(async move {
            let _guard = guard;
            work.await;
        });
    }

    /// Tasks still running.
    pub fn running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }

    /// Waits until no task runs, at most `limit`; true when none is left.
    pub async fn wait(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            // Registered before the count is read, so a task ending in between still wakes us.
            let idle = self.idle.notified();
            if self.running() == 0 {
                return true;
            }
            if tokio::time::timeout_at(deadline, idle).await.is_err() {
                return self.running() == 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use std::sync::atomic::AtomicBool;

    #[tokio::test]
    async fn shutdown_waits_for_work_started_after_an_answer() {
        let t = Arc::new(AfterAnswer::default());
        assert!(
            t.wait(Duration::from_millis(10)).await,
            "nothing to wait for"
        );
        let done = Arc::new(AtomicBool::new(false));
        let d = Arc::clone(&done);
        t.spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            d.store(true, Ordering::SeqCst);
        });
        assert_eq!(t.running(), 1);
        assert!(t.wait(Duration::from_secs(5)).await);
        assert!(
            done.load(Ordering::SeqCst),
            "the work finished before wait returned"
        );
        // A task that panics is still counted out.
        t.spawn(async { panic!("boom") });
        assert!(t.wait(Duration::from_secs(5)).await);
        // One that does not end in time: wait gives up and says so.
        t.spawn(std::future::pending());
        assert!(!t.wait(Duration::from_millis(50)).await);
        assert_eq!(t.running(), 1);
    }
}
