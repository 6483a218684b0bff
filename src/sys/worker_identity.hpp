#pragma once
// Who holds a job's lease: "<boot id>/<pid>". A worker that starts after a
// crash can tell, for leases taken on this machine since it last booted,
// whether their process still runs, and take over those that died at once
// rather than wait for the lease to run out (store::JobStore::ReleaseLeases).

#include <string>
#include <string_view>

namespace civicpost::sys {

// This process's identity.
std::string WorkerIdentity();

// True only for an identity from this machine's current boot whose process
// no longer exists; leases of other machines are left to expire.
bool IsDeadLocalWorker(std::string_view identity);

}  // namespace civicpost::sys
