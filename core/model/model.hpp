#pragma once
/// The message and update model shared by storage, actors and the gateways.
/// Every type here crosses actor boundaries and has an `inspect` overload;
/// one header per object, this one includes them all.
#include "core/model/account.hpp"
#include "core/model/bot.hpp"
#include "core/model/chat.hpp"
#include "core/model/dialog.hpp"
#include "core/model/file.hpp"
#include "core/model/ids.hpp"
#include "core/model/message.hpp"
#include "core/model/peer.hpp"
#include "core/model/pending.hpp"
#include "core/model/query.hpp"
#include "core/model/update.hpp"
#include "core/model/user.hpp"
