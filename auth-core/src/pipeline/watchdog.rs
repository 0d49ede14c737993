//! The timer that bounds every attempt: one per runtime, shared by the attempts running on
//! it.
//!
//! A Tokio timer per attempt (`tokio::time::timeout_at`) registers an entry in the
//! runtime's timer wheel and removes it again, on every call. The wheel is cold by the
//! time a call comes back to it, and on the per-call benchmark that registration and
//! removal cost 2–3% of a whole loopback call (BENCHMARKS.md §2). Here an attempt that
//! is still waiting after its first poll writes its deadline and waker into its runtime's
//! table of deadlines, and takes them out when it ends: a lock and a slot, no timer. One
//! task per runtime, the watchdog, sleeps until the earliest deadline in the table, wakes
//! the attempts whose deadline has passed, and sleeps until the next one; with nothing in
//! the table it waits for a registration, with no timer pending. A slot is about 40
//! bytes; a table that empties after a burst of more than 1,024 waiting attempts gives
//! its slots back.
//!
//! The watchdog does not move its timer when an attempt ends (that would cost the wheel
//! access this module saves): its timer may fire for an attempt that has already ended,
//! then it looks at the table again and sleeps until the next deadline, or waits. Under
//! `tokio::time::pause`, that timer can let an idle runtime's clock advance to it (at most
//! one attempt timeout after a call), as hyper's connection pool timer already does.
//!
//! An attempt reads the clock when it is polled while waiting and ends with
//! [`Elapsed`] once its deadline has passed; being woken by the watchdog is what makes
//! sure it is polled then. Outside a Tokio runtime it panics with Tokio's message, as a
//! timer of its own did.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex, Weak};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use slab::Slab;
use tokio::runtime::{Handle, Id};
use tokio::time::{Instant, Sleep};

use crate::sync::lock;

/// The attempt's deadline passed before it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Elapsed;

/// Runs `future` until `deadline`: its output, or [`Elapsed`] if the deadline passes
/// first (when both are ready at once, the output wins, as with `tokio::time::timeout_at`).
pub(crate) fn bounded<F: Future>(deadline: Instant, future: F) -> Bounded<F> {
    Bounded {
        inner: future,
        deadline,
        registration: None,
    }
}

pin_project_lite::pin_project! {
    /// A future bounded in time by its runtime's watchdog; see [`bounded`].
    pub(crate) struct Bounded<F> {
        #[pin]
        inner: F,
        deadline: Instant,
        // In the runtime's table once it has had to wait.
        registration: Option<Registration>,
    }
}

impl<F: Future> Future for Bounded<F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.inner.poll(cx) {
            // Out of the table at once, rather than when the future is dropped.
            *this.registration = None;
            return Poll::Ready(Ok(output));
        }
        let deadline = *this.deadline;
        if Instant::now() >= deadline {
            *this.registration = None;
            return Poll::Ready(Err(Elapsed));
        }
        match this.registration {
            Some(registration) if registration.table.is_alive() => {
                registration.set_waker(cx.waker());
            }
            // First wait, or its watchdog's runtime has gone (the future was moved to
            // another one): watched by the current runtime's watchdog.
            registration => {
                *registration = Some(table(&Handle::current()).register(deadline, cx.waker()));
            }
        }
        Poll::Pending
    }
}

/// A deadline in a runtime's table, taken out when dropped.
struct Registration {
    table: Arc<Table>,
    key: usize,
    /// The waker in the table, to tell when it must be replaced.
    waker: Waker,
}

impl Registration {
    fn set_waker(&mut self, waker: &Waker) {
        if !self.waker.will_wake(waker) {
            self.waker.clone_from(waker);
            self.table.set_waker(self.key, waker);
        }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        lock(&self.table.inner).entries.try_remove(self.key);
    }
}

/// The deadlines of a runtime's waiting attempts.
struct Table {
    inner: Mutex<Inner>,
    /// Whether the watchdog still runs (its runtime has not shut down).
    alive: AtomicBool,
}

struct Inner {
    entries: Slab<Entry>,
    /// The deadline the watchdog's timer is set for; `None` while it waits for a
    /// registration (no timer pending).
    armed: Option<Instant>,
    /// Wakes the watchdog.
    watchdog: Option<Waker>,
}

struct Entry {
    deadline: Instant,
    /// `None` once the watchdog has woken it.
    waker: Option<Waker>,
}

impl Table {
    fn is_alive(&self) -> bool {
        self.alive.load(Ordering::Acquire)
    }

    fn register(self: Arc<Self>, deadline: Instant, waker: &Waker) -> Registration {
        let mut inner = lock(&self.inner);
        let key = inner.entries.insert(Entry {
            deadline,
            waker: Some(waker.clone()),
        });
        // The watchdog sleeps until a deadline no later than this one, or is told to.
        let watchdog = if inner.armed.is_none_or(|armed| deadline < armed) {
            inner.armed = Some(deadline);
            inner.watchdog.take()
        } else {
            None
        };
        drop(inner);
        if let Some(watchdog) = watchdog {
            watchdog.wake();
        }
        Registration {
            table: self,
            key,
            waker: waker.clone(),
        }
    }

    fn set_waker(&self, key: usize, waker: &Waker) {
        if let Some(Entry {
            waker: Some(current),
            ..
        }) = lock(&self.inner).entries.get_mut(key)
        {
            current.clone_from(waker);
        }
    }
}

/// The table of the runtime behind `handle`, its watchdog started on first use.
fn table(handle: &Handle) -> Arc<Table> {
    thread_local! {
        /// The table of the runtime this thread last registered on.
        static LAST: RefCell<Option<(Id, Arc<Table>)>> = const { RefCell::new(None) };
    }
    let id = handle.id();
    LAST.try_with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some((last_id, table)) if *last_id == id && table.is_alive() => table.clone(),
            _ => {
                let table = runtime_table(handle, id);
                *last = Some((id, table.clone()));
                table
            }
        }
    })
    // While the thread's locals are being destroyed.
    .unwrap_or_else(|_| runtime_table(handle, id))
}

/// Every runtime's table, by runtime.
static TABLES: LazyLock<Mutex<HashMap<Id, Weak<Table>>>> = LazyLock::new(Default::default);

fn runtime_table(handle: &Handle, id: Id) -> Arc<Table> {
    let mut tables = lock(&TABLES);
    if let Some(table) = tables.get(&id).and_then(Weak::upgrade)
        && table.is_alive()
    {
        return table;
    }
    // Forget the tables of runtimes that have shut down.
    tables.retain(|_, table| table.upgrade().is_some_and(|t| t.is_alive()));
    let table = Arc::new(Table {
        inner: Mutex::new(Inner {
            entries: Slab::new(),
            armed: None,
            watchdog: None,
        }),
        alive: AtomicBool::new(true),
    });
    tables.insert(id, Arc::downgrade(&table));
    drop(tables);
    // A runtime without timers fails here, in the caller, as a timer of its own would,
    // rather than in the watchdog's task where nobody would see it.
    let mut probe = std::pin::pin!(tokio::time::sleep(Duration::ZERO));
    let _ = probe.as_mut().poll(&mut Context::from_waker(Waker::noop()));
    handle.spawn(Watchdog {
        table: table.clone(),
        sleep: None,
        due: Vec::new(),
    });
    table
}

/// The slots a table keeps when it empties; beyond this, a burst's slots are freed.
const KEPT_SLOTS: usize = 1024;

/// A runtime's watchdog: sleeps until the earliest deadline in the table and wakes the
/// attempts whose deadline has passed.
struct Watchdog {
    table: Arc<Table>,
    sleep: Option<Pin<Box<Sleep>>>,
    /// The wakers to call, kept to reuse the allocation.
    due: Vec<Waker>,
}

impl Future for Watchdog {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        loop {
            let now = Instant::now();
            let next = {
                let mut inner = lock(&this.table.inner);
                let Inner {
                    entries,
                    armed,
                    watchdog,
                } = &mut *inner;
                match watchdog {
                    Some(w) if w.will_wake(cx.waker()) => {}
                    _ => *watchdog = Some(cx.waker().clone()),
                }
                let mut next: Option<Instant> = None;
                for (_, entry) in entries.iter_mut() {
                    if entry.waker.is_none() {
                        continue;
                    }
                    if entry.deadline <= now {
                        this.due.extend(entry.waker.take());
                    } else {
                        next = Some(next.map_or(entry.deadline, |n| n.min(entry.deadline)));
                    }
                }
                *armed = next;
                if entries.is_empty() && entries.capacity() > KEPT_SLOTS {
                    // After a burst: give its memory back (no key is outstanding).
                    *entries = Slab::new();
                }
                next
            };
            for waker in this.due.drain(..) {
                waker.wake();
            }
            let Some(mut at) = next else {
                // Nothing to watch: no timer pending until a registration wakes us.
                this.sleep = None;
                return Poll::Pending;
            };
            if let Some(sleep) = &this.sleep
                && sleep.is_elapsed()
                && at <= sleep.deadline()
            {
                // The timer fired for `at` while the clock read just before was still
                // short of it: wait a tick more rather than poll a fired timer again.
                at = sleep.deadline() + Duration::from_millis(1);
            }
            let sleep = match &mut this.sleep {
                Some(sleep) => {
                    if sleep.deadline() != at {
                        sleep.as_mut().reset(at);
                    }
                    sleep
                }
                None => this.sleep.insert(Box::pin(tokio::time::sleep_until(at))),
            };
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // The runtime is shutting down (or the task panicked): attempts still waiting
        // (moved to another runtime) register again with that runtime's watchdog when
        // next polled; wake them so that they are.
        self.table.alive.store(false, Ordering::Release);
        let mut inner = lock(&self.table.inner);
        let wakers: Vec<Waker> = inner
            .entries
            .iter_mut()
            .filter_map(|(_, e)| e.waker.take())
            .collect();
        drop(inner);
        for waker in wakers {
            waker.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::future::{pending, poll_fn};

    use super::*;

    /// Lets every other task of this current-thread runtime run until it waits.
    async fn settle() {
        for _ in 0..4 {
            tokio::task::yield_now().await;
        }
    }

    /// Polls `future` once, which must then wait (and so be in the table).
    async fn wait_once(future: &mut (impl Future + Unpin)) {
        poll_fn(|cx| {
            assert!(Pin::new(&mut *future).poll(cx).is_pending());
            Poll::Ready(())
        })
        .await;
    }

    /// Fails instead of hanging when nothing wakes `future` (under paused time, the
    /// clock moves to this guard's minute once every other timer is gone).
    async fn within_a_minute<F: Future>(future: F) -> F::Output {
        tokio::time::timeout(Duration::from_secs(60), future)
            .await
            .expect("nothing woke the future at its deadline")
    }

    /// A current-thread runtime with its clock paused.
    fn paused_runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap()
    }

    /// How many deadlines the current runtime's table holds.
    fn registered() -> usize {
        lock(&table(&Handle::current()).inner).entries.len()
    }

    #[tokio::test(start_paused = true)]
    async fn a_future_that_never_ends_fails_at_its_deadline() {
        let start = Instant::now();
        let result =
            within_a_minute(bounded(start + Duration::from_secs(30), pending::<()>())).await;
        assert_eq!(result, Err(Elapsed));
        assert_eq!(start.elapsed(), Duration::from_secs(30));
        assert_eq!(registered(), 0, "the deadline is out of the table");
    }

    #[tokio::test(start_paused = true)]
    async fn a_future_that_ends_in_time_gives_its_output() {
        let start = Instant::now();
        let slow = async {
            tokio::time::sleep(Duration::from_secs(2)).await;
            7
        };
        assert_eq!(bounded(start + Duration::from_secs(30), slow).await, Ok(7));
        assert_eq!(start.elapsed(), Duration::from_secs(2));
        assert_eq!(registered(), 0);
        // Its deadline passing later changes nothing, and a sleep after it ends on time.
        tokio::time::sleep(Duration::from_secs(3600)).await;
        assert_eq!(start.elapsed(), Duration::from_secs(3602));
    }

    #[tokio::test(start_paused = true)]
    async fn the_output_wins_when_both_are_ready() {
        let start = Instant::now();
        let at_deadline = async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "done"
        };
        assert_eq!(
            bounded(start + Duration::from_secs(5), at_deadline).await,
            Ok("done")
        );
        // A deadline already past: a ready future still gives its output, a waiting one
        // fails at once.
        assert_eq!(bounded(start, async { 1 }).await, Ok(1));
        assert_eq!(bounded(start, pending::<()>()).await, Err(Elapsed));
    }

    #[tokio::test(start_paused = true)]
    async fn each_future_fails_at_its_own_deadline_whatever_the_order() {
        let start = Instant::now();
        // Registered one at a time, the watchdog's timer set in between: each earlier
        // deadline must move it.
        let seconds = [40u64, 30, 10, 20, 10];
        let mut tasks = Vec::new();
        for s in seconds {
            tasks.push(tokio::spawn(async move {
                let result = bounded(start + Duration::from_secs(s), pending::<()>()).await;
                (result, start.elapsed())
            }));
            settle().await;
        }
        for (task, s) in tasks.into_iter().zip(seconds) {
            let (result, elapsed) = within_a_minute(task).await.unwrap();
            assert_eq!(result, Err(Elapsed));
            assert_eq!(elapsed, Duration::from_secs(s));
        }
        assert_eq!(registered(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_future_leaves_the_table() {
        let start = Instant::now();
        let mut waiting = Box::pin(bounded(start + Duration::from_secs(30), pending::<()>()));
        wait_once(&mut waiting).await;
        assert_eq!(registered(), 1);
        drop(waiting);
        assert_eq!(registered(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn the_waker_of_the_latest_poll_is_woken() {
        let start = Instant::now();
        let mut waiting = Box::pin(bounded(start + Duration::from_secs(30), pending::<()>()));
        // First polled by this task, then handed to another: the other one is woken.
        wait_once(&mut waiting).await;
        let other = tokio::spawn(async move { (waiting.await, start.elapsed()) });
        assert_eq!(
            within_a_minute(other).await.unwrap(),
            (Err(Elapsed), Duration::from_secs(30))
        );
    }

    #[test]
    fn every_runtime_has_its_own_watchdog_also_after_one_shut_down() {
        let times_out = || async {
            let start = Instant::now();
            let result =
                within_a_minute(bounded(start + Duration::from_secs(30), pending::<()>())).await;
            (result, start.elapsed())
        };
        let expected = (Err(Elapsed), Duration::from_secs(30));
        // Two runtimes alive at once, driven in turn from one thread.
        let (first, second) = (paused_runtime(), paused_runtime());
        assert_eq!(first.block_on(times_out()), expected);
        assert_eq!(second.block_on(times_out()), expected);
        assert_eq!(first.block_on(times_out()), expected);
        // A runtime shut down, and a new one on the same thread.
        drop(first);
        drop(second);
        assert_eq!(paused_runtime().block_on(times_out()), expected);
    }

    #[test]
    fn a_future_moved_to_another_runtime_is_watched_there_once_its_first_has_shut_down() {
        let first = paused_runtime();
        let deadline = first.block_on(async { Instant::now() + Duration::from_secs(30) });
        let mut waiting = Box::pin(bounded(deadline, pending::<()>()));
        first.block_on(wait_once(&mut waiting));
        drop(first);
        let (result, ended) = paused_runtime().block_on(async {
            let result = within_a_minute(&mut waiting).await;
            (result, Instant::now())
        });
        assert_eq!(result, Err(Elapsed));
        // At its deadline (the clock's millisecond), not when the guard's minute is up.
        assert!(ended >= deadline && ended < deadline + Duration::from_secs(1));
    }

    #[test]
    #[should_panic(expected = "timers are disabled")]
    fn a_runtime_without_timers_fails_in_the_caller_as_a_timer_would() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let _ = bounded(Instant::now() + Duration::from_secs(1), pending::<()>()).await;
        });
    }

    #[tokio::test(start_paused = true)]
    async fn the_slots_of_a_burst_are_freed_once_the_table_is_empty() {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut burst: Vec<_> = (0..3 * KEPT_SLOTS)
            .map(|_| Box::pin(bounded(deadline, pending::<()>())))
            .collect();
        for waiting in &mut burst {
            wait_once(waiting).await;
        }
        let capacity = || lock(&table(&Handle::current()).inner).entries.capacity();
        assert!(capacity() >= 3 * KEPT_SLOTS);
        drop(burst);
        // The watchdog next runs at the burst's deadline, finds the table empty.
        tokio::time::sleep(Duration::from_secs(31)).await;
        assert_eq!(registered(), 0);
        assert!(capacity() <= KEPT_SLOTS, "{}", capacity());
    }

    #[test]
    fn calls_on_a_multi_thread_runtime_leave_the_table_empty() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            let deadline = Instant::now() + Duration::from_secs(3600);
            let tasks: Vec<_> = (0..200)
                .map(|i| {
                    tokio::spawn(async move {
                        bounded(deadline, async move {
                            for _ in 0..i % 5 {
                                tokio::task::yield_now().await;
                            }
                            i
                        })
                        .await
                    })
                })
                .collect();
            for (i, task) in tasks.into_iter().enumerate() {
                assert_eq!(task.await.unwrap(), Ok(i));
            }
            assert_eq!(registered(), 0);
        });
    }
}
